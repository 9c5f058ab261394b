using System.Diagnostics;
using Microsoft.Extensions.Options;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Infrastructure;

/// <summary>
/// How long one webhook request may still spend on the database, all its steps together: the
/// replay guard, the route lookup, recording an event. Each step used to get the whole
/// <c>WebhookBudgetMilliseconds</c> in turn, so a frozen database cost a signed call two budgets,
/// past the answer's deadline (FaultsUnderLoadTests). Scoped: the clock starts when the request
/// first asks, at the signature check or the handler.
/// </summary>
public sealed class WebhookDeadline(IOptions<VoiceProxyOptions> options)
{
    readonly long started = Stopwatch.GetTimestamp();

    public TimeSpan Remaining => options.Value.WebhookBudget - Stopwatch.GetElapsedTime(started);
}
