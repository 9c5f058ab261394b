using System.Net;
using System.Text;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Every malformed input is answered, never with a 5xx: each case expects a specific status and
/// either a ProblemDetails body, a valid refusal NCCO (the answer webhook: Vonage must get one)
/// or nothing; no body holds a participant's digits (the fixture's conversation's real numbers).
/// </summary>
[Trait("Category", "Integration")]
public class BadInputCatalogueTests(BadInputCatalogueTests.Fixture api) : IClassFixture<BadInputCatalogueTests.Fixture>
{
    public const string Alice = "+447400771001";
    public const string Bob = "+447400771002";

    /// <summary>An app with one conversation, whose participants' digits must never show.</summary>
    public sealed class Fixture : ApiFixture, IAsyncLifetime
    {
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await Http.CreatedConversation(Alice, Bob);
        }
    }

    public enum Body { Problem, Ncco, None }

    public sealed record BadInput(string Method, string Path, string? ContentType, byte[]? Content, HttpStatusCode Status, Body Expect)
    {
        public override string ToString() =>
            $"{Method} {Path[..Math.Min(Path.Length, 60)]} [{ContentType}] {(Content is null ? "" : Encoding.UTF8.GetString(Content)[..Math.Min(Content.Length, 40)])} → {(int)Status}";
    }

    static BadInput Json(string method, string path, string json, HttpStatusCode status, Body expect = Body.Problem) =>
        new(method, path, "application/json", Encoding.UTF8.GetBytes(json), status, expect);

    static BadInput Raw(string method, string path, string? type, byte[] content, HttpStatusCode status, Body expect = Body.Problem) =>
        new(method, path, type, content, status, expect);

    static BadInput Bare(string method, string path, HttpStatusCode status, Body expect = Body.Problem) =>
        new(method, path, null, null, status, expect);

    const HttpStatusCode Ok = HttpStatusCode.OK, Bad = HttpStatusCode.BadRequest, NotFound = HttpStatusCode.NotFound,
        Invalid = HttpStatusCode.UnprocessableEntity, NoContent = HttpStatusCode.NoContent,
        WrongMethod = HttpStatusCode.MethodNotAllowed, WrongType = HttpStatusCode.UnsupportedMediaType,
        TooLarge = HttpStatusCode.RequestEntityTooLarge, Conflict = HttpStatusCode.Conflict;

    static readonly string Long = new('9', 10_000);
    static readonly byte[] InvalidUtf8 = [0x7b, 0x22, 0x75, 0x73, 0x65, 0x72, 0x41, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d];

    /// <summary>Bodies that no JSON endpoint can read: 400 everywhere but the answer webhook.</summary>
    static readonly string[] Unreadable = ["{", "}", "{\"a\":", "[1,", "nul", "{'userA':'x'}", "{\"a\":1,}", "\u0000"];

    /// <summary>To the REST API an empty body is a request with no fields (422 naming them); to a webhook, unreadable.</summary>
    const string Nothing = "";

    public static IEnumerable<object[]> Cases()
    {
        var cases = new List<BadInput>();
        // POST /conversations
        foreach (var b in Unreadable) cases.Add(Json("POST", "/conversations", b, Bad));
        cases.Add(Json("POST", "/conversations", Nothing, Invalid));
        cases.Add(Raw("POST", "/conversations", "application/json", InvalidUtf8, Bad));
        foreach (var b in new[] { "[]", "null", "123", "\"x\"", "true", "[{\"userA\":\"+447400771001\"}]" })
            cases.Add(Json("POST", "/conversations", b, b == "null" ? Invalid : Bad));
        foreach (var b in new[]
                 {
                     "{}", "{\"userA\":null,\"userB\":null}", "{\"userA\":\"abc\",\"userB\":\"def\"}",
                     $"{{\"userA\":\"{Alice}\",\"userB\":\"{Alice}\"}}", $"{{\"userA\":\"{Alice}\"}}",
                     $"{{\"userA\":\"{Long}\",\"userB\":\"{Bob}\"}}", "{\"userA\":\"+447700900001\",\"userB\":\"+447400771099\"}",
                     $"{{\"userA\":\"{Alice}\",\"userB\":\"+447400771098\",\"ttlSeconds\":0}}",
                     $"{{\"userA\":\"{Alice}\",\"userB\":\"+447400771098\",\"ttlSeconds\":-5}}",
                     $"{{\"userA\":\"{Alice}\",\"userB\":\"+447400771098\",\"ttlSeconds\":999999999}}",
                     "{\"userA\":\"+1\",\"userB\":\"+2\"}", "{\"userA\":\"0\",\"userB\":\"00\"}",
                     "{\"userA\":\"+44 7400 771001 ext 5\",\"userB\":\"tel:+447400771002\"}",
                 })
            cases.Add(Json("POST", "/conversations", b, Invalid));
        foreach (var b in new[]
                 {
                     "{\"userA\":1,\"userB\":2}", "{\"userA\":[],\"userB\":{}}", $"{{\"userA\":\"{Alice}\",\"userB\":\"{Bob}\",\"ttlSeconds\":\"x\"}}",
                     $"{{\"userA\":\"{Alice}\",\"userB\":\"{Bob}\",\"ttlSeconds\":1.5}}", $"{{\"userA\":\"{Alice}\",\"userB\":\"{Bob}\",\"ttlSeconds\":1e99}}",
                     // Valid JSON, but not text: a lone surrogate.
                     "{\"userA\":\"\\ud800\",\"userB\":\"x\"}",
                 })
            cases.Add(Json("POST", "/conversations", b, Bad));
        cases.Add(Json("POST", "/conversations", $"{{\"userA\":\"{Alice}\",\"userA\":\"{Bob}\",\"userB\":\"+447400771097\"}}", Bad));
        cases.Add(Raw("POST", "/conversations", "text/plain", "userA=1"u8.ToArray(), WrongType));
        cases.Add(Raw("POST", "/conversations", "application/x-www-form-urlencoded", "userA=1&userB=2"u8.ToArray(), WrongType));
        cases.Add(Json("POST", "/conversations", $"{{\"userA\":\"{new string('1', 70_000)}\"}}", TooLarge));

        // Reading and ending conversations
        foreach (var id in new[] { "x", "123", "not-a-guid", Long[..300], "%20", "..%2F..%2Fetc" })
            foreach (var (method, suffix) in new[] { ("GET", ""), ("DELETE", ""), ("GET", "/events"), ("GET", "/calls") })
                cases.Add(Bare(method, $"/conversations/{id}{suffix}", NotFound));
        foreach (var suffix in new[] { "", "/events", "/calls" })
            cases.Add(Bare("GET", $"/conversations/{Guid.Empty}{suffix}", NotFound));
        foreach (var q in new[] { "limit=-1", "limit=0", "limit=100000", "limit=abc", "status=sleeping", "after=garbage", "after=" + Long[..500] })
            cases.Add(Bare("GET", $"/conversations?{q}", q.StartsWith("limit=abc", StringComparison.Ordinal) ? Bad : Invalid));

        // The pool
        foreach (var b in Unreadable) cases.Add(Json("POST", "/numbers", b, Bad));
        cases.Add(Json("POST", "/numbers", Nothing, Invalid));
        cases.Add(Json("POST", "/numbers", "{\"number\":\"\\ud800\"}", Bad));
        foreach (var b in new[]
                 {
                     "{}", "{\"number\":\"abc\"}", "{\"number\":\"\"}", $"{{\"number\":\"{Long}\"}}", "{\"number\":\"+447700900001\",\"country\":\"XX\"}",
                     "{\"number\":\"+447700900001\",\"features\":[\"FAX\"]}",
                 })
            cases.Add(Json("POST", "/numbers", b, Invalid));
        cases.Add(Json("POST", "/numbers", "{\"number\":12}", Bad));
        cases.Add(Json("POST", "/numbers", "{\"number\":\"+447700900001\",\"features\":\"VOICE\"}", Bad));
        // Whatever is not a pool number is not in the pool.
        foreach (var n in new[] { "abc", "%2B1", Long[..200], "+447700999999" })
        {
            cases.Add(Bare("DELETE", $"/numbers/{n}", NotFound));
            cases.Add(Json("PATCH", $"/numbers/{n}", "{\"reserved\":true}", NotFound));
        }
        foreach (var b in Unreadable) cases.Add(Json("PATCH", "/numbers/+447700900001", b, Bad));
        cases.Add(Json("PATCH", "/numbers/+447700900001", Nothing, Invalid));
        foreach (var b in new[] { "{}", "{\"reserved\":null}" }) cases.Add(Json("PATCH", "/numbers/+447700900001", b, Invalid));
        cases.Add(Json("PATCH", "/numbers/+447700900001", "{\"reserved\":\"yes\"}", Bad));
        foreach (var b in Unreadable) cases.Add(Json("POST", "/numbers/provision", b, Bad));
        cases.Add(Json("POST", "/numbers/provision", Nothing, Invalid));
        foreach (var b in new[]
                 {
                     "{}", "{\"country\":\"XX\",\"count\":1}", "{\"country\":\"GB\",\"count\":0}", "{\"country\":\"GB\",\"count\":-1}",
                     "{\"country\":\"GB\",\"count\":1000}", "{\"country\":\"gb\",\"count\":1}", "{\"country\":\"GB\",\"count\":1,\"features\":[\"FAX\"]}",
                 })
            cases.Add(Json("POST", "/numbers/provision", b, Invalid));
        cases.Add(Json("POST", "/numbers/provision", "{\"country\":\"GB\",\"count\":\"two\"}", Bad));
        foreach (var to in new[] { "not-a-number", "%00", Long[..500] }) cases.Add(Bare("GET", $"/sandbox/messages?to={to}", Invalid));

        // The answer webhook: always 200 with an NCCO (a refusal), never an error Vonage would drop the call for.
        foreach (var q in new[]
                 {
                     "", "from=", "to=", "from=abc&to=def", $"from={Long[..4000]}&to=1", "from=%00&to=%ff", "from=447400771001",
                     "to=447700900001", "from=447400771001&to=447400771002", "from=447400771001&from=447400771002&to=447700900001",
                     "from=%F0%9F%98%80&to=%E2%98%8E", "from=+447400771001&to=+447700900999", "from=447400771001&to=0",
                     "from=-1&to=-2", "from=1e10&to=1e10",
                 })
        {
            cases.Add(Bare("GET", $"/webhooks/answer?{q}", Ok, Body.Ncco));
            cases.Add(Bare("GET", $"/proxy-call?{q}", Ok, Body.Ncco));
        }
        foreach (var b in Unreadable.Concat([Nothing, "[]", "null", "42", "{\"from\":\"\\ud800\",\"to\":\"1\"}", "{\"from\":1,\"to\":2}",
                     "{\"from\":\"447400771001\",\"from\":\"447400771002\",\"to\":\"1\"}", "{\"from\":[1],\"to\":{}}", $"{{\"from\":\"{Long}\"}}"]))
            cases.Add(Json("POST", "/webhooks/answer", b, Ok, Body.Ncco));
        cases.Add(Raw("POST", "/webhooks/answer", "application/json", InvalidUtf8, Ok, Body.Ncco));
        cases.Add(Raw("POST", "/webhooks/answer", "text/plain", "from=1&to=2"u8.ToArray(), WrongType));
        cases.Add(Raw("POST", "/webhooks/answer", "application/x-www-form-urlencoded", "from=1&to=2"u8.ToArray(), WrongType));

        // The event webhook: 400 for what it cannot read, 204 for a well-formed event it drops.
        foreach (var b in Unreadable.Concat([Nothing, "[]", "null", "42", "{\"uuid\":\"\\ud800\",\"status\":\"answered\"}",
                     "{\"uuid\":\"u\",\"uuid\":\"v\",\"status\":\"answered\"}"]))
            cases.Add(Json("POST", "/webhooks/event", b, Bad));
        cases.Add(Raw("POST", "/webhooks/event", "application/json", InvalidUtf8, Bad));
        foreach (var b in new[]
                 {
                     "{}", "{\"uuid\":\"u\"}", "{\"status\":\"answered\"}", "{\"uuid\":\"u\",\"status\":\"answered\"}",
                     "{\"uuid\":\"u\",\"status\":\"answered\",\"from\":\"abc\",\"to\":\"def\"}",
                     "{\"uuid\":\"u\",\"status\":\"answered\",\"from\":\"447400771001\",\"to\":\"447700900999\"}",
                     "{\"uuid\":\"u\",\"status\":\"answered\",\"timestamp\":\"yesterday\",\"duration\":\"long\"}", "{\"uuid\":1,\"status\":2}",
                 })
            cases.Add(Json("POST", "/webhooks/event", b, NoContent, Body.None));
        foreach (var q in new[] { "", "uuid=u", "uuid=u&status=answered", "conversation=not-a-guid&uuid=u&status=busy" })
            cases.Add(Bare("GET", $"/webhooks/event?{q}", q.Contains("not-a-guid", StringComparison.Ordinal) ? Bad : NoContent,
                q.Contains("not-a-guid", StringComparison.Ordinal) ? Body.Problem : Body.None));
        cases.Add(Json("POST", $"/webhooks/event?conversation={Guid.Empty}", "{\"uuid\":\"u\",\"status\":\"busy\",\"from\":\"1\",\"to\":\"2\"}",
            Ok, Body.Ncco));
        cases.Add(Raw("POST", "/webhooks/event", "text/plain", "uuid=u"u8.ToArray(), WrongType));
        foreach (var (path, method) in new[] { ("/webhooks/answer", "PUT"), ("/webhooks/answer", "DELETE"), ("/webhooks/event", "PATCH"),
                     ("/proxy-call", "POST"), ("/webhooks/event", "DELETE") })
            cases.Add(Bare(method, path, WrongMethod));
        cases.Add(Bare("PUT", "/conversations", WrongMethod));
        cases.Add(Bare("DELETE", "/conversations", WrongMethod));
        _ = Conflict;
        return cases.Select(c => new object[] { c });
    }

    [Fact]
    public void The_catalogue_covers_every_endpoint_with_at_least_150_cases()
    {
        var all = Cases().Select(c => (BadInput)c[0]).ToList();
        Assert.True(all.Count >= 150, $"{all.Count} cases");
        foreach (var path in new[] { "/conversations", "/numbers", "/numbers/provision", "/sandbox/messages", "/webhooks/answer",
                     "/proxy-call", "/webhooks/event" })
            Assert.Contains(all, c => c.Path.StartsWith(path, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_bad_input_gets_its_status_and_a_readable_body_without_participant_digits(BadInput c)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Content is not null)
        {
            request.Content = new ByteArrayContent(c.Content);
            if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
        }
        using var response = await api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(c.Status == response.StatusCode, $"{c}: got {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
        switch (c.Expect)
        {
            case Body.Problem:
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal((int)c.Status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
                break;
            case Body.Ncco:
                NccoSchema.AssertValid(text);
                Assert.DoesNotContain("\"connect\"", text, StringComparison.Ordinal);
                break;
            case Body.None:
                Assert.Empty(text);
                break;
        }
        // The fixture's participants' real numbers never show, in any form.
        foreach (var real in new[] { Alice, Bob })
            Assert.DoesNotContain(real.TrimStart('+')[2..], text, StringComparison.Ordinal);
    }
}
