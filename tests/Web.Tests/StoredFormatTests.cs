using JasperFx;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Stored events outlive the code that wrote them: a call event recorded when statuses and
/// directions were plain strings must read back as the same call, and new ones are written the
/// same way (Vonage's own words), so the audit trail reads alike across versions.
/// </summary>
public class StoredFormatTests
{
    static readonly ISerializer Serializer = Store();

    static ISerializer Store()
    {
        var o = new StoreOptions();
        MartenSetup.Configure(o, "Host=localhost", AutoCreate.None);
        return o.Serializer();
    }

    const string Recorded =
        """{"Call":{"Uuid":"in-1","Status":"answered","ConversationUuid":"CON-1","From":"447911123456","To":"447700900002","Direction":"inbound","Timestamp":"2026-11-23T10:00:00+00:00","DurationSeconds":null}}""";

    [Fact]
    public void A_call_event_stored_as_strings_reads_back_typed_and_is_written_the_same_way()
    {
        var read = Serializer.FromJson<ConversationEvent.CallEventRecorded>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Recorded)));
        Assert.Equal(CallStatus.Answered, read.Call.Status);
        Assert.Equal(CallDirection.Inbound, read.Call.Direction);
        var written = Serializer.ToJson(read);
        Assert.Contains("\"Status\":\"answered\"", written);
        Assert.Contains("\"Direction\":\"inbound\"", written);
    }

    [Fact]
    public void A_status_no_rule_names_is_kept_as_Vonage_sent_it()
    {
        var read = Serializer.FromJson<ConversationEvent.CallEventRecorded>(new MemoryStream(
            System.Text.Encoding.UTF8.GetBytes(Recorded.Replace("\"answered\"", "\"machine\"").Replace("\"inbound\"", "null"))));
        Assert.Equal("machine", read.Call.Status.Value);
        Assert.Null(read.Call.Direction);
        Assert.Contains("\"Status\":\"machine\"", Serializer.ToJson(read));
    }
}
