using Carter;
using VoiceProxy.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVoiceProxy();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapCarter();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
