namespace VoiceProxy.Web.Infrastructure;

/// <summary>
/// Every log line the service writes, source-generated, in one place: a new one is added here,
/// next to the rule that no argument may be a participant's real number (mask it first).
/// </summary>
public static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Refused call from {Caller} to {Dialed}: {Reason}")]
    public static partial void RefusedCall(this ILogger log, string caller, string dialed, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not look a route up within the webhook budget ({Failure}); the caller was asked to try again")]
    public static partial void RouteUndecided(this ILogger log, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Routes} active routes into memory in {Seconds:F1} s")]
    public static partial void RoutesLoaded(this ILogger log, int routes, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The warm-up before readiness stopped ({Failure}); the first calls may be slow")]
    public static partial void WarmupFailed(this ILogger log, string failure);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not load the active routes into memory ({Failure}); calls read the database until the next load")]
    public static partial void RouteLoadFailed(this ILogger log, string failure);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not record a {Status} call event ({Failure}); answered its fallback NCCO all the same")]
    public static partial void CallEventNotRecorded(this ILogger log, string status, string failure);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The database did not answer the replay check ({Failure}); {Count} webhook token(s) are remembered in memory until it does")]
    public static partial void ReplayGuardInMemory(this ILogger log, string failure, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-provisioning a {Country} number failed: {Error}")]
    public static partial void AutoProvisionFailed(this ILogger log, string country, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not text participant {Side}: {Reason}")]
    public static partial void TextFailed(this ILogger log, string side, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for set-up texts due again ({Failure}); they wait in the database, looked for each second until it answers")]
    public static partial void TextRetriesPaused(this ILogger log, string failure);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a Vonage event without uuid or status")]
    public static partial void EventWithoutStatus(this ILogger log);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vonage event {Status} for call {Uuid} matches no conversation")]
    public static partial void EventMatchesNoConversation(this ILogger log, string status, string uuid);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Using a local PostgreSQL from {Bin}, data in {Data}. Stop it with: {StopCommand}")]
    public static partial void UsingLocalPostgres(this ILogger log, string bin, string data, string stopCommand);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the gauges read from the database: {Error}")]
    public static partial void GaugesFailed(this ILogger log, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiry sweep failed; trying again next interval")]
    public static partial void ExpirySweepFailed(this ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Count} expired conversations")]
    public static partial void ExpiriesRecorded(this ILogger log, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention sweep failed; trying again next interval")]
    public static partial void RetentionSweepFailed(this ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased the personal data of {Count} conversations ended more than {Days} days ago")]
    public static partial void PersonalDataErased(this ILogger log, int count, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vonage {Operation} attempt {Attempt} failed; retrying in {WaitMs} ms")]
    public static partial void VonageRetry(this ILogger log, string operation, int attempt, int waitMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: seeded the pool with {Count} fictional numbers")]
    public static partial void SandboxPoolSeeded(this ILogger log, int count);

    /// <param name="number">One of our own virtual numbers, never a participant's.</param>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Bought {Number} but could not link it to the application; cancelling it")]
    public static partial void BoughtButNotLinked(this ILogger log, string number);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Webhooks are not signed (VoiceProxy:AllowUnsignedWebhooks=true): anyone who finds their URL can ask which real number a virtual number stands for")]
    public static partial void UnsignedWebhooksAllowed(this ILogger log);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unsigned or badly signed webhook to {Path}: {Reason}")]
    public static partial void WebhookSignatureRefused(this ILogger log, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Database change listener lost its connection ({Error}); caches off until it is back")]
    public static partial void ChangeListenerLost(this ILogger log, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callbacks paused, the database is away: {Reason}")]
    public static partial void CallbacksPaused(this ILogger log, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Callback {Id} ({Type}) failed for good after {Attempts} attempts: {Result}; POST /callbacks/{Id}/redeliver sends it again")]
    public static partial void CallbackGaveUp(this ILogger log, string id, string type, int attempts, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The out-of-session callback gave no usable answer ({Why}); the static behaviour applies")]
    public static partial void OutOfSessionUnanswered(this ILogger log, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The backend asked to open a conversation for a stranger, and it was not opened ({Why}); the static behaviour applies")]
    public static partial void OutOfSessionNotOpened(this ILogger log, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record an intercept decision (blocked: {Blocked}): {Failure}")]
    public static partial void InterceptNotRecorded(this ILogger log, bool blocked, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Did not relay an inbound text: {Reason}")]
    public static partial void TextNotRelayed(this ILogger log, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped an SMS delivery receipt: {Reason}")]
    public static partial void ReceiptDropped(this ILogger log, string reason);
}
