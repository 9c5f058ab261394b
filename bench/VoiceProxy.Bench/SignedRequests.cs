using System.Net.Http.Headers;
using System.Text;
using VoiceProxy.Web.Features.Sandbox;

namespace VoiceProxy.Bench;

/// <summary>
/// Signed answer webhooks, as Vonage sends them: POST JSON with a fresh HS256 token (new jti) on
/// every request, so the replay guard records every one. Used by the open-loop client (`rate …
/// secret`) and to make wrk's tokens ahead of time (<see cref="Tokens"/>).
/// </summary>
public static class SignedRequests
{
    /// <summary>An answer webhook's JSON for a route ("caller dialed"), with fresh call ids.</summary>
    public static string Body(string[] route) =>
        $$"""{"from":"{{route[0]}}","to":"{{route[1]}}","uuid":"{{Guid.NewGuid()}}","conversation_uuid":"CON-{{Guid.NewGuid()}}"}""";

    /// <summary>One answer webhook for a route, signed with a fresh token.</summary>
    public static HttpRequestMessage Request(string[] route, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(Body(route));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/answer") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", VonageSigner.Token(bytes, secret, DateTimeOffset.UtcNow));
        return request;
    }
}
