using Npgsql;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Tests;

public class ConnectionDefaultsTests
{
    [Fact]
    public void Statements_are_prepared_automatically_unless_the_operator_says_otherwise()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults("Host=db;Username=app"));
        Assert.Equal(64, defaulted.MaxAutoPrepare);
        Assert.Equal("db", defaulted.Host);

        foreach (var keyword in new[] { "Max Auto Prepare", "maxautoprepare", "MAX AUTO PREPARE" })
        {
            var chosen = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults($"Host=db;{keyword}=0"));
            Assert.Equal(0, chosen.MaxAutoPrepare);
        }
    }

    [Fact]
    public void A_database_that_does_not_answer_costs_seconds_not_minutes_unless_the_operator_says_otherwise()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults("Host=db;Username=app"));
        Assert.Equal((2, 3, 300), (defaulted.Timeout, defaulted.CommandTimeout, defaulted.CancellationTimeout));

        var chosen = new NpgsqlConnectionStringBuilder(
            PostgresConnection.WithDefaults("Host=db;Timeout=20;command timeout=60;Cancellation Timeout=2000"));
        Assert.Equal((20, 60, 2000), (chosen.Timeout, chosen.CommandTimeout, chosen.CancellationTimeout));
    }
}
