using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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

/// <param name="From">Who dials (any form a person writes a number in).</param>
/// <param name="To">The virtual number they dial.</param>
/// <param name="Callee">What the person called does: answer (default), busy, no-answer or fail.</param>
/// <param name="TalkSeconds">How long they talk once answered (default 30).</param>
public sealed record SandboxCallRequest(string? From, string? To, string? Callee = null, int? TalkSeconds = null);

/// <summary>One request the sandbox made to our webhooks, as Vonage would, and what it got.</summary>
public sealed record SandboxStep(string Request, int Status);

/// <summary>A whole call as the sandbox played it.</summary>
/// <param name="Heard">Every talk action the caller heard, in order (greeting, refusal, fallback).</param>
/// <param name="Connected">Whether our NCCO connected the call to anyone.</param>
public sealed record SandboxCallView(string CallUuid, string ConversationUuid, IReadOnlyList<string> Heard, bool Connected,
    string Outcome, IReadOnlyList<SandboxStep> Steps);

/// <summary>
/// POST /sandbox/calls: plays Vonage for one whole call, so a newcomer needs no telecom account
/// and no curl choreography. It calls our own answer webhook, follows the NCCO (talk, connect),
/// and posts each leg's events with Vonage's statuses and timings to the event webhook, obeying
/// a fallback NCCO; signed when a signature secret is set. The call then shows in /calls,
/// /events and the callbacks, as a real one would.
/// </summary>
public sealed class PlayCall : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/sandbox/calls", Handle).WithName("playSandboxCall")
            .WithTags("Sandbox").WithSummary("Play a whole call through the webhooks, as Vonage would (404 in live mode)")
            .Produces<SandboxCallView>().ProducesValidationProblem(422).ProducesProblem(401).ProducesProblem(404);

    static readonly string[] Callees = ["answer", "busy", "no-answer", "fail"];

    static async Task<IResult> Handle(SandboxCallRequest? request, SandboxCallPlayer player, IOptions<VonageOptions> vonage,
        IOptions<VoiceProxyOptions> options, CancellationToken ct)
    {
        if (vonage.Value.IsLive) return Results.Problem(statusCode: 404, title: "There is no sandbox in live mode.");
        var call = Validate(request ?? new(null, null), options.Value.DefaultCountry);
        return await call.Match(
            Succ: async c => (IResult)TypedResults.Ok(await player.Play(c, ct)),
            Fail: errors => Task.FromResult(new ConversationError.Invalid(errors).ToResult()));
    }

    public static Validation<InputError, SandboxCall> Validate(SandboxCallRequest r, string region) =>
        (NumberField.Required("from", r.From, region), NumberField.Required("to", r.To, region), Callee(r.Callee), Talk(r.TalkSeconds))
            .Apply((from, to, callee, talk) => new SandboxCall(from, to, callee, talk));

    static Validation<InputError, string> Callee(string? raw) =>
        (raw ?? "answer") is var c && Callees.Contains(c) ? Success<InputError, string>(c)
        : Fail<InputError, string>(new InputError("callee", "must be answer, busy, no-answer or fail"));

    static Validation<InputError, int> Talk(int? seconds) =>
        (seconds ?? 30) is >= 1 and <= 7200 and var s ? Success<InputError, int>(s)
        : Fail<InputError, int>(new InputError("talkSeconds", "must be between 1 and 7200"));
}

public sealed record SandboxCall(PhoneNumber From, PhoneNumber To, string Callee, int TalkSeconds);

/// <summary>Vonage's side of one call, played against this very service over HTTP.</summary>
public sealed class SandboxCallPlayer(IHttpClientFactory http, IServer server, IOptions<VonageOptions> vonage,
    IOptions<VoiceProxyOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "sandbox-vonage";

    // Vonage's statuses for a connect that is not answered (VONAGE.md §2.7).
    static string Unanswered(string callee) => callee switch { "busy" => "busy", "no-answer" => "timeout", _ => "failed" };

    public async Task<SandboxCallView> Play(SandboxCall call, CancellationToken ct)
    {
        var client = http.CreateClient(HttpClientName);
        client.BaseAddress = Self();
        var steps = new List<SandboxStep>();
        var heard = new List<string>();
        var (inbound, conversationUuid) = (Guid.NewGuid().ToString(), $"CON-{Guid.NewGuid()}");
        var t0 = clock.GetUtcNow();
        var (from, to) = (call.From.Digits, call.To.Digits);

        var (_, ncco) = await Send(client, "/webhooks/answer", new { from, to, uuid = inbound, conversation_uuid = conversationUuid }, steps, ct);
        heard.AddRange(Talks(ncco));
        object Leg(string uuid, string legFrom, string legTo, string direction, string status, DateTimeOffset at, int? duration = null) =>
            duration is { } d
                ? new { from = legFrom, to = legTo, uuid, conversation_uuid = conversationUuid, direction, status, timestamp = at.ToString("O"), duration = d.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                : new { from = legFrom, to = legTo, uuid, conversation_uuid = conversationUuid, direction, status, timestamp = at.ToString("O") };
        foreach (var (status, at) in new[] { ("started", t0), ("ringing", t0), ("answered", t0.AddSeconds(1)) })
            await Send(client, "/webhooks/event", Leg(inbound, from, to, "inbound", status, at), steps, ct);

        var connect = Connect(ncco);
        var outcome = "refused";
        var end = t0.AddSeconds(1 + heard.Count * 2);
        if (connect is { } c)
        {
            var (outbound, dial) = (Guid.NewGuid().ToString(), t0.AddSeconds(2));
            var eventPath = new Uri(c.EventUrl).PathAndQuery;
            foreach (var (status, at) in new[] { ("started", dial), ("ringing", dial.AddSeconds(1)) })
                await Send(client, eventPath, Leg(outbound, c.From, c.To, "outbound", status, at), steps, ct);
            if (call.Callee == "answer")
            {
                var answered = dial.AddSeconds(4);
                end = answered.AddSeconds(call.TalkSeconds);
                await Send(client, eventPath, Leg(outbound, c.From, c.To, "outbound", "answered", answered), steps, ct);
                await Send(client, eventPath, Leg(outbound, c.From, c.To, "outbound", "completed", end, call.TalkSeconds), steps, ct);
                outcome = "answered";
            }
            else
            {
                var status = Unanswered(call.Callee);
                end = dial.AddSeconds(status == "timeout" ? options.Value.ConnectTimeoutSeconds : 3);
                // A synchronous eventUrl may answer with a fallback NCCO: the caller hears it.
                var (_, fallback) = await Send(client, eventPath, Leg(outbound, c.From, c.To, "outbound", status, end), steps, ct);
                heard.AddRange(Talks(fallback));
                outcome = status;
            }
        }
        await Send(client, "/webhooks/event",
            Leg(inbound, from, to, "inbound", "completed", end, (int)(end - t0).TotalSeconds), steps, ct);
        return new SandboxCallView(inbound, conversationUuid, heard, connect is not null, outcome, steps);
    }

    async Task<(int Status, JsonElement Body)> Send(HttpClient client, string path, object body, List<SandboxStep> steps, CancellationToken ct)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (vonage.Value.SignatureSecret is { Length: > 0 } secret)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", VonageSigner.Token(payload, secret, clock.GetUtcNow()));
        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        steps.Add(new SandboxStep($"POST {path.Split('?')[0]}", (int)response.StatusCode));
        return ((int)response.StatusCode, text.Length > 0 && text[0] == '[' ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    static IEnumerable<string> Talks(JsonElement ncco) =>
        ncco.ValueKind == JsonValueKind.Array
            ? ncco.EnumerateArray().Where(a => a.GetProperty("action").GetString() == "talk").Select(a => a.GetProperty("text").GetString()!)
            : [];

    sealed record ConnectAction(string From, string To, string EventUrl);

    static ConnectAction? Connect(JsonElement ncco) =>
        ncco.ValueKind != JsonValueKind.Array ? null
        : ncco.EnumerateArray().Where(a => a.GetProperty("action").GetString() == "connect")
            .Select(a => new ConnectAction(a.GetProperty("from").GetString()!,
                a.GetProperty("endpoint")[0].GetProperty("number").GetString()!,
                a.GetProperty("eventUrl")[0].GetString()!))
            .FirstOrDefault();

    Uri Self() => SelfAddress.Of(server);
}
