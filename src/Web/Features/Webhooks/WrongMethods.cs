using Carter;
using VoiceProxy.Web.Infrastructure.Http;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>
/// A webhook called with a method it does not take gets 405 naming the ones it does, not the
/// API key's 401 (which would send an operator chasing the wrong problem).
/// </summary>
public sealed class WrongMethods : ICarterModule
{
    static readonly (string Path, string Allowed)[] Webhooks =
        [("/webhooks/answer", "GET, POST"), ("/proxy-call", "GET"), ("/webhooks/event", "GET, POST")];

    static readonly string[] Others = ["PUT", "PATCH", "DELETE"];

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (path, allowed) in Webhooks)
        {
            var methods = allowed == "GET" ? [.. Others, "POST"] : Others;
            app.MapMethods(path, methods, (HttpResponse response) =>
                {
                    response.Headers.Allow = allowed;
                    return ErrorResults.WrongMethod(allowed);
                })
                .AllowAnonymous().ExcludeFromDescription().WithDisplayName($"405 {path}");
        }
    }
}
