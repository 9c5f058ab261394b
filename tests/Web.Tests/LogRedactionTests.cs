using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// docs/architecture.md, invariant 3, in the logs: whatever any logger of the service is given
/// (a message, a value, an exception from a library), a phone number comes out masked and a
/// huge value comes out cut. Every test app also checks its own lines when disposed.
/// </summary>
[Trait("Category", "Integration")]
public class LogRedactionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public void A_number_in_a_message_a_value_or_an_exception_is_masked_and_long_values_are_cut()
    {
        var log = api.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Npgsql.Somewhere");
        var npgsqlLike = new InvalidOperationException("Key (id)=(447911123456:447700900001) already exists.");
#pragma warning disable CA1848, CA2254 // deliberately a framework-style call, not one of ours
        log.LogError(npgsqlLike, "Insert of +44 7911 123456 failed for {Caller} with uuid {Uuid}", "447911123456", new string('u', 60_000));
#pragma warning restore CA1848, CA2254
        var line = Assert.Single(api.App.Logs.Lines(), l => l.Contains("Npgsql.Somewhere", StringComparison.Ordinal));
        Assert.DoesNotContain("7911123456", line.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("700900001", line, StringComparison.Ordinal);
        Assert.Contains("+44 •••• ••••56", line, StringComparison.Ordinal);
        Assert.True(line.Length < 20_000, $"{line.Length} characters");
        Assert.Empty(api.App.Logs.Unmasked());
    }
}
