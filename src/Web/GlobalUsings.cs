// ASP.NET's implicit usings bring Microsoft.AspNetCore.Routing.Route, which this app never uses;
// in this project "Route" is always the domain's (docs/architecture.md, "Route").
global using Route = VoiceProxy.Core.Routing.Route;
