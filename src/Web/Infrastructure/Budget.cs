namespace VoiceProxy.Web.Infrastructure;

/// <summary>
/// Database work that may take a bounded time and no more, whatever the database does: cancelled
/// when the budget runs out (Npgsql honours that within its Cancellation Timeout), and abandoned
/// then as well, as a backstop for a server that does not even answer the cancellation. Past the
/// budget it throws (OperationCanceledException or TimeoutException); the caller decides the answer.
/// </summary>
public static class Budget
{
    public static async Task<T> Within<T>(TimeSpan budget, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        // Spent by the steps before (WebhookDeadline): not even a connection is asked for.
        if (budget <= TimeSpan.Zero) throw new TimeoutException("The webhook's time for the database is spent.");
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(budget);
        return await work(timer.Token).WaitAsync(budget, ct);
    }

    public static Task Within(TimeSpan budget, Func<CancellationToken, Task> work, CancellationToken ct) =>
        Within(budget, async token =>
        {
            await work(token);
            return true;
        }, ct);
}
