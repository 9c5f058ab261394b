using System.Net;
using System.Net.Http.Json;
using System.Text;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>README.md's walkthrough, step by step, over real HTTP and a real PostgreSQL.</summary>
[Trait("Category", "Integration")]
public class WalkthroughTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    const string Alice = "+447911123456";
    const string Bob = "+447400123456";
    const string Carol = "+447400123999";

    [Fact]
    public async Task The_readme_walkthrough_works_end_to_end()
    {
        // 1. The marketplace creates a conversation.
        var created = await api.Http.CreatedConversation(Alice, "07400 123456");
        var id = created.Str("id");
        var (alicesVirtual, bobsVirtual) = (created.Str("userA", "virtualNumber"), created.Str("userB", "virtualNumber"));
        Assert.Equal("active", created.Str("status"));
        Assert.Equal(Bob, created.Str("userB", "number"));
        Assert.Equal("GG", created.Str("userA", "country"));

        // 2. Each participant is texted the number that stands for the other, from that number.
        Assert.Equal("pending", created.Str("userA", "textStatus"));
        var texted = await api.Http.Texted(id);
        Assert.Contains((texted.Str("userA", "textStatus"), texted.Str("userB", "textStatus")),
            new[] { ("sent", "sent"), ("sent", "delivered"), ("delivered", "sent"), ("delivered", "delivered") });
        // A moment later the (sandbox) carrier's delivery receipts say both texts arrived.
        await api.Http.Delivered(id);
        var outbox = await api.Http.GetFromJsonAsync<Sms[]>("/sandbox/messages");
        Assert.Contains(new SmsTo(Digits(bobsVirtual), Digits(Alice)), outbox!.Select(m => new SmsTo(m.From, m.To)));
        Assert.Contains(new SmsTo(Digits(alicesVirtual), Digits(Bob)), outbox!.Select(m => new SmsTo(m.From, m.To)));
        Assert.All(outbox!, m => Assert.DoesNotContain(Digits(m.To == Digits(Alice) ? Bob : Alice), m.Text));

        // 3. Vonage asks what to do when Alice dials Bob's virtual number, and the reverse.
        AssertConnects(await api.Http.Answer(Digits(Alice), Digits(bobsVirtual)), alicesVirtual, Bob, id);
        AssertConnects(await api.Http.Answer(Digits(Bob), Digits(alicesVirtual)), bobsVirtual, Alice, id);

        // (Real HTTP: Kestrel answered, not an in-memory test server.)
        using var probe = await api.Http.GetAsync($"/conversations/{id}");
        Assert.Contains(probe.Headers.Server, s => s.Product?.Name == "Kestrel");

        // 4. The sandbox plays Vonage for a whole call: answered, 42 s; it lands in the call log.
        using (var played = await api.Http.PostAsJsonAsync("/sandbox/calls", new { from = Digits(Alice), to = bobsVirtual, talkSeconds = 42 }))
        {
            var call = await Json(played);
            Assert.Equal((HttpStatusCode.OK, "answered"), (played.StatusCode, call.Str("outcome")));
        }
        var logged = Assert.Single((await api.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/conversations/{id}/calls")).EnumerateArray());
        Assert.Equal(("AtoB", "completed", 42), (logged.Str("direction"), logged.Str("status"), logged.GetProperty("durationSeconds").GetInt32()));

        // 5. Bob's job goes to Carol: she takes his place, Alice's call to the same number reaches her,
        //    and Bob's calls no longer reach Alice.
        using (var replaced = await api.Http.PatchAsync($"/conversations/{id}",
                   new StringContent($$"""{"userB":"{{Carol}}"}""", Encoding.UTF8, "application/merge-patch+json")))
        {
            var now = await Json(replaced);
            Assert.Equal((HttpStatusCode.OK, Carol, bobsVirtual), (replaced.StatusCode, now.Str("userB", "number"), now.Str("userB", "virtualNumber")));
        }
        AssertConnects(await api.Http.Answer(Digits(Alice), Digits(bobsVirtual)), alicesVirtual, Carol, id);
        Assert.Equal(Refusal, (await api.Http.Answer(Digits(Bob), Digits(alicesVirtual))).GetRawText());

        // 6. Close it; the same call is now told the conversation ended, and reading it shows it closed.
        using var closed = await api.Http.DeleteAsync($"/conversations/{id}");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("closed", (await Json(closed)).Str("status"));
        Assert.Equal(Ended, (await api.Http.Answer(Digits(Alice), Digits(bobsVirtual))).GetRawText());
        var read = await api.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/conversations/{id}");
        Assert.Equal("closed", read.Str("status"));
    }

    [Fact]
    public async Task The_outbox_is_filtered_by_a_number_in_any_form_a_person_writes_it()
    {
        await api.Http.Texted((await api.Http.CreatedConversation("+447911123457", "+447400123457")).Str("id"));
        foreach (var form in new[] { "+447911123457", "447911123457", "07911 123457" })
        {
            Assert.Equal("447911123457", Assert.Single(await api.Http.TextsTo<Sms>(form)).To);
        }
        using var garbage = await api.Http.GetAsync("/sandbox/messages?to=not-a-number");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, garbage.StatusCode);
    }

    [Fact]
    public async Task The_answer_webhook_also_takes_vonages_post_form()
    {
        var created = await api.Http.CreatedConversation("+33612345678", "+33698765432");
        var body = $$"""{"from":"{{Digits("+33612345678")}}","to":"{{Digits(created.Str("userB", "virtualNumber"))}}","uuid":"u","conversation_uuid":"CON-u"}""";
        using var response = await api.Http.PostAsync("/webhooks/answer", new StringContent(body, Encoding.UTF8, "application/json"));
        AssertConnects(await Ncco(response), created.Str("userA", "virtualNumber"), "+33698765432", created.Str("id"));
    }

    [Fact]
    public async Task The_seeds_proxy_call_path_answers_the_same()
    {
        var created = await api.Http.CreatedConversation("+4915112345678", "+4915212345678");
        using var response = await api.Http.GetAsync(
            $"/proxy-call?from=4915212345678&to={Digits(created.Str("userA", "virtualNumber"))}");
        AssertConnects(await Ncco(response), created.Str("userB", "virtualNumber"), "+4915112345678", created.Str("id"));
    }

    [Fact]
    public async Task Closing_twice_is_fine_and_closing_nothing_is_404()
    {
        var created = await api.Http.CreatedConversation("+447911000001", "+447400000002");
        using var first = await api.Http.DeleteAsync($"/conversations/{created.Str("id")}");
        using var second = await api.Http.DeleteAsync($"/conversations/{created.Str("id")}");
        using var unknown = await api.Http.DeleteAsync($"/conversations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await Json(first)).Str("closedAt"), (await Json(second)).Str("closedAt"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    sealed record Sms(string From, string To, string Text);
    sealed record SmsTo(string From, string To);
}
