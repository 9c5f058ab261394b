using Carter;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddVoiceProxy();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<ApiKeyMiddleware>();
app.MapCarter();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
