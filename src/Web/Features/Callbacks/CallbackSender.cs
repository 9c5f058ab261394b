using LanguageExt;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using StandardWebhooks;
using VoiceProxy.Core.Callbacks;
using VoiceProxy.Web.Infrastructure;

namespace VoiceProxy.Web.Features.Callbacks;

/// <summary>
/// Sends queued callbacks to the backend, as <see cref="CallbackRules"/> says: each
/// conversation's in order, retried with backoff, signed. One instance sends at a time (a
/// PostgreSQL advisory lock held on its own connection; another instance takes over when that
/// connection goes), so two instances do not race each other to the same receiver. Runs apart
/// from every request: a slow or dead receiver never slows a call or a creation.
/// </summary>
public sealed class CallbackSender(
    IDocumentStore documents, IHttpClientFactory http, IOptions<CallbackOptions> options, TimeProvider clock,
    Infrastructure.Hosting.CallsFirst callsFirst, ILogger<CallbackSender> log) : BackgroundService
{
    public const string HttpClientName = "callbacks";

    // "VoiceProxy callbacks" as a number: the lock every instance asks for.
    const long LeaderLock = 0x5650_4342;
    const int Batch = 500;
    const int Concurrency = Infrastructure.Hosting.CallsFirst.Most;

    readonly CallbackOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Signing) return;
        var webhook = new StandardWebhook(settings.Secret!);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var leadership = await Lead(stoppingToken);
                if (leadership is null)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds * 8), stoppingToken);
                    continue;
                }
                while (!stoppingToken.IsCancellationRequested && leadership.State == System.Data.ConnectionState.Open)
                {
                    await SendDue(webhook, stoppingToken);
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), stoppingToken);
                    await Still(leadership, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or Marten.Exceptions.MartenCommandException)
            {
                // The database is away: the callbacks wait in it, and so do we.
                log.CallbacksPaused(e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>The leader's connection, holding the lock; null when another instance leads.</summary>
    async Task<NpgsqlConnection?> Lead(CancellationToken ct)
    {
        await using var template = documents.Storage.Database.CreateConnection();
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(template.ConnectionString)
        { KeepAlive = 5, Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select pg_try_advisory_lock({LeaderLock})", connection);
        if (await command.ExecuteScalarAsync(ct) is true) return connection;
        await connection.DisposeAsync();
        return null;
    }

    static async Task Still(NpgsqlConnection leadership, CancellationToken ct)
    {
        await using var ping = new NpgsqlCommand("select 1", leadership);
        await ping.ExecuteScalarAsync(ct);
    }

    async Task SendDue(StandardWebhook webhook, CancellationToken ct)
    {
        IReadOnlyList<CallbackDelivery> pending;
        await using (var query = documents.QuerySession())
            pending = await query.Query<CallbackDelivery>().Where(d => d.State == DeliveryState.Pending)
                .OrderBy(d => d.Sequence).Take(Batch).ToListAsync(ct);
        if (pending.Count == 0) return;
        await Parallel.ForEachAsync(CallbackRules.Due(pending, clock.GetUtcNow()),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (conversation, token) =>
            {
                // A conversation's callbacks are one turn of background work: calls first.
                using var turn = await callsFirst.Wait(Infrastructure.Hosting.BackgroundWork.Callbacks, token);
                // In order; the first that is not delivered holds back the rest of its conversation.
                foreach (var delivery in conversation)
                    if ((await Attempt(webhook, delivery, token)).State != DeliveryState.Delivered) break;
            });
    }

    async Task<CallbackDelivery> Attempt(StandardWebhook webhook, CallbackDelivery delivery, CancellationToken ct)
    {
        var (accepted, result) = await Post(webhook, delivery, ct);
        var after = CallbackRules.AfterAttempt(delivery, accepted, result, clock.GetUtcNow(), settings.Retries, Random.Shared.NextDouble());
        if (after.State == DeliveryState.Failed)
            log.CallbackGaveUp(after.Id, after.Type, after.Attempts, result);
        await using var session = documents.LightweightSession();
        session.Store(after);
        await session.SaveChangesAsync(ct);
        return after;
    }

    /// <summary>One signed POST. Anything but a 2xx, including no answer in time, is a failed attempt.</summary>
    async Task<(bool Accepted, string Result)> Post(StandardWebhook webhook, CallbackDelivery delivery, CancellationToken ct)
    {
        var sentAt = clock.GetUtcNow();
        using var request = SignedRequest.Post(delivery.Url, delivery.Id, sentAt, delivery.Payload, webhook);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return (response.IsSuccessStatusCode, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (false, $"no answer within {settings.TimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return (false, $"unreachable ({e.HttpRequestError})");
        }
    }
}
