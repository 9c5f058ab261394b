using System.Globalization;
using Carter;
using LanguageExt;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Vonage;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Sandbox;

/// <param name="From">Who texts (any form a person writes a number in).</param>
/// <param name="To">The virtual number they text.</param>
public sealed record SandboxTextRequest(string? From, string? To, string? Text);

/// <param name="MessageId">The id the sandbox's Vonage gave it; the same id sent again is a resend.</param>
/// <param name="Status">What our inbound-SMS webhook answered.</param>
public sealed record SandboxTextView(string MessageId, int Status);

/// <summary>
/// POST /sandbox/inbound-sms: plays Vonage delivering a text to one of our virtual numbers: it
/// posts to our own inbound-SMS webhook as Vonage would (a form, signed with sig when an SMS
/// signature secret is set). A relayed text then shows in the sandbox's outbox.
/// </summary>
public sealed class PlayText : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/sandbox/inbound-sms", Handle).WithName("playSandboxText")
            .WithTags("Sandbox").WithSummary("Deliver a text to a virtual number, as Vonage would (404 in live mode)")
            .Produces<SandboxTextView>().ProducesValidationProblem(422).ProducesProblem(401).ProducesProblem(404);

    static async Task<IResult> Handle(SandboxTextRequest? request, IHttpClientFactory http, IServer server,
        IOptions<VonageOptions> vonage, IOptions<VoiceProxyOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (vonage.Value.IsLive) return Results.Problem(statusCode: 404, title: "There is no sandbox in live mode.");
        var r = request ?? new(null, null, null);
        var valid = (NumberField.Required("from", r.From, options.Value.DefaultCountry), NumberField.Required("to", r.To, options.Value.DefaultCountry),
                Text(r.Text)).Apply((f, t, x) => (f, t, x));
        if (valid.IsFail) return new ConversationError.Invalid(valid.FailToSeq()).ToResult();
        var (from, to, text) = valid.SuccessToSeq().Head();
        var now = clock.GetUtcNow();
        var fields = new Dictionary<string, string>
        {
            ["msisdn"] = from.Digits,
            ["to"] = to.Digits,
            ["messageId"] = $"sandbox-{Guid.NewGuid():N}"[..24],
            ["text"] = text,
            ["type"] = "text",
            ["keyword"] = text.Split(' ', 2)[0].ToUpperInvariant(),
            ["message-timestamp"] = now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["timestamp"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["nonce"] = Guid.NewGuid().ToString(),
            ["api-key"] = "sandbox",
        };
        if (vonage.Value.SmsSignatureSecret is { Length: > 0 } secret)
            fields["sig"] = SmsSignature.Sign(fields, secret, vonage.Value.SmsSignatureMethod);
        var client = http.CreateClient(SandboxCallPlayer.HttpClientName);
        client.BaseAddress = SelfAddress.Of(server);
        using var response = await client.PostAsync("/webhooks/inbound-sms", new FormUrlEncodedContent(fields), ct);
        return TypedResults.Ok(new SandboxTextView(fields["messageId"], (int)response.StatusCode));
    }

    static Validation<InputError, string> Text(string? text) =>
        text is { Length: > 0 and <= 1600 } ? Success<InputError, string>(text)
        : Fail<InputError, string>(new InputError("text", "must be 1 to 1600 characters"));
}
