using Carter;
using VoiceProxy.Web.Infrastructure.Hosting;

if (HealthProbe.Requested(args)) return await HealthProbe.Run();

var builder = WebApplication.CreateBuilder(args);
builder.AddVoiceProxy();

var app = builder.Build();
app.UseAnswerTiming(); // first: what an answer waits for anywhere in here counts (CallsFirst)
app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter(); // after authentication: the REST limit is per API key
app.MapCarter();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
