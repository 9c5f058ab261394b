using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// A marketplace backend's callback endpoint, as its own HTTP server: it verifies every
/// callback with the StandardWebhooks package's own verifier, keeps what it took, and answers
/// as the test says (fail the first attempts, hang, refuse).
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    /// <summary>A secret in the Standard Webhooks form, for the service and this receiver.</summary>
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=";

    readonly WebApplication app;
    readonly ConcurrentDictionary<string, int> attempts = new();
    readonly StandardWebhook verifier = new(Secret);

    /// <summary>Every request that arrived, in arrival order, whatever it was answered.</summary>
    public ConcurrentQueue<Received> Arrived { get; } = new();

    /// <summary>Given the delivery id and how many times it came before, the status to answer.</summary>
    public Func<string, int, int> Answer { get; set; } = (_, _) => 204;

    /// <summary>A JSON body to answer with (the out-of-session callback reads one); none: an empty answer.</summary>
    public string? Body { get; set; }

    /// <summary>How long to wait before answering.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public Uri Url { get; private set; } = null!;

    /// <param name="Verified">Whether the signature held, checked by the package's verifier.</param>
    /// <param name="Status">What this receiver answered.</param>
    public sealed record Received(string Id, string Body, bool Verified, int Status)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string Type => Json.GetProperty("type").GetString()!;

        public string ConversationId => Json.GetProperty("data").GetProperty("conversation").GetProperty("id").GetString()!;
    }

    CallbackReceiver(WebApplication app) => this.app = app;

    public static async Task<CallbackReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.MapPost("/hooks", receiver.Take);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/hooks");
        return receiver;
    }

    async Task<IResult> Take(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        bool verified;
        try
        {
            verifier.Verify(body, request.Headers);
            verified = true;
        }
        catch (Exception e) when (e is StandardWebhooks.Diagnostics.WebhookVerificationException or FormatException)
        {
            verified = false;
        }
        var before = attempts.AddOrUpdate(id, 0, (_, n) => n + 1);
        var status = Answer(id, before);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        Arrived.Enqueue(new Received(id, body, verified, status));
        return Body is { } json ? Results.Text(json, "application/json", statusCode: status) : Results.StatusCode(status);
    }

    /// <summary>What the backend learnt: each delivery taken (2xx), the first time its id came, in arrival order.</summary>
    public IReadOnlyList<Received> Taken() =>
        Arrived.Where(r => r.Status is >= 200 and < 300).DistinctBy(r => r.Id).ToList();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
