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
}
