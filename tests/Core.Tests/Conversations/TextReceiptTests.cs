using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationCommand;

namespace VoiceProxy.Core.Tests.Conversations;

public class TextReceiptTests
{

    static TextReceipt Receipt(string status, string? err = null) => new("m-1", status, err, Some.Epoch);

    [Fact]
    public void A_client_ref_names_its_conversation_and_participant()
    {
        var id = Guid.NewGuid();
        Assert.Equal((id, Side.B, 0), TextReceipts.Addressee(Notification.ReferenceOf(id, Side.B)).Head());
        Assert.Equal($"{id:N}-b", Notification.ReferenceOf(id, Side.B));
        // A later round (the participant replaced) has a reference of its own, within Vonage's 40 characters.
        Assert.Equal((id, Side.A, 12), TextReceipts.Addressee(Notification.ReferenceOf(id, Side.A, 12)).Head());
        Assert.True(Notification.ReferenceOf(id, Side.A, 999_999).Length <= 40);
        Assert.True(TextReceipts.Addressee(null).IsNone);
        Assert.True(TextReceipts.Addressee($"{id:N}-c").IsNone);
        Assert.True(TextReceipts.Addressee($"{id:N}-a0").IsNone);
        Assert.True(TextReceipts.Addressee($"{id:N}-a-1").IsNone);
        Assert.True(TextReceipts.Addressee($"{id:N}-a1x").IsNone);
        Assert.True(TextReceipts.Addressee("not-ours").IsNone);
    }

    [Fact]
    public void A_final_receipt_settles_a_sent_text_once()
    {
        var sent = Some.Apply(Some.Opened(), new ClaimText(Side.A, Some.Epoch), new RecordNotified(Side.A, "m-1", Some.Epoch));
        var delivered = Some.Apply(sent, new RecordReceipt(Side.A, Receipt("delivered", "0")));
        Assert.Equal(TextOutcome.Delivered, delivered.TextToA);
        Assert.Empty(ConversationDecider.Decide(new RecordReceipt(Side.A, Receipt("delivered")), delivered).RightToSeq().Flatten());
        Assert.Equal(TextOutcome.Undelivered, Some.Apply(sent, new RecordReceipt(Side.A, Receipt("expired", "5"))).TextToA);
    }

    [Theory]
    [InlineData("accepted")]
    [InlineData("buffered")]
    [InlineData("unknown")]
    public void An_interim_receipt_changes_nothing(string status)
    {
        var sent = Some.Apply(Some.Opened(), new ClaimText(Side.A, Some.Epoch), new RecordNotified(Side.A, "m-1", Some.Epoch));
        Assert.Empty(ConversationDecider.Decide(new RecordReceipt(Side.A, Receipt(status)), sent).RightToSeq().Flatten());
    }

    [Fact]
    public void A_receipt_before_our_record_of_sending_settles_it_and_the_record_then_changes_nothing()
    {
        var sending = Some.Apply(Some.Opened(), new ClaimText(Side.A, Some.Epoch));
        var delivered = Some.Apply(sending, new RecordReceipt(Side.A, Receipt("delivered")));
        Assert.Equal(TextOutcome.Delivered, delivered.TextToA);
        Assert.Equal(TextOutcome.Delivered, Some.Apply(delivered, new RecordNotified(Side.A, "m-1", Some.Epoch)).TextToA);
        Assert.Empty(Notification.Plan(delivered, Notification.DefaultTemplate, Some.Epoch).Interrupted.Filter(n => n.Recipient == Side.A));
    }

    [Fact]
    public void A_receipt_for_a_text_never_sent_is_ignored() =>
        Assert.Empty(ConversationDecider.Decide(new RecordReceipt(Side.A, Receipt("delivered")), Some.Opened()).RightToSeq().Flatten());
}
