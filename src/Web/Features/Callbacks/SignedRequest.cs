using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using StandardWebhooks;

namespace VoiceProxy.Web.Features.Callbacks;

/// <summary>
/// A POST to the backend, signed with the Standard Webhooks scheme: webhook-id, webhook-timestamp
/// and webhook-signature over the exact payload. Callbacks, the out-of-session question and the
/// intercept question all go this way.
/// </summary>
public static class SignedRequest
{
    public static HttpRequestMessage Post(Uri url, string id, DateTimeOffset at, string payload, StandardWebhook webhook)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", webhook.Sign(id, at, payload));
        return request;
    }
}
