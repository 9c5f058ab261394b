using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VoiceProxy.Web.Infrastructure.Vonage;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

public sealed class SignedFixture : ApiFixture
{
    public const string Secret = "a-signature-secret";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Vonage:SignatureSecret"] = Secret,
    };
}

/// <summary>Signed webhooks, VONAGE.md §2.10: HS256 with the signature secret, payload_hash, iat, jti.</summary>
[Trait("Category", "Integration")]
public class SignedWebhookTests(SignedFixture api) : IClassFixture<SignedFixture>
{
    static string B64(byte[] b) => Base64Url.EncodeToString(b);
    static string Hash(byte[] payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    internal static string Token(byte[] payload, string secret = SignedFixture.Secret, string alg = "HS256",
        long? iat = null, string? jti = null)
    {
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT" }));
        var claims = B64(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = iat ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["jti"] = jti ?? Guid.NewGuid().ToString(),
            ["iss"] = "Vonage",
            ["payload_hash"] = Hash(payload),
            ["api_key"] = "k",
        }));
        var signing = Encoding.ASCII.GetBytes($"{header}.{claims}");
        var signature = alg switch
        {
            "HS256" => B64(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signing)),
            "RS256" => B64(RSA.Create(2048).SignData(signing, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
            _ => "",
        };
        return $"{header}.{claims}.{signature}";
    }

    async Task<(string Query, string From, string To)> Route()
    {
        var c = await api.Http.CreatedConversation("+447400980001", "+447400980002");
        var (from, to) = (Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber")));
        return ($"from={from}&to={to}&uuid=u-1&conversation_uuid=CON-1", from, to);
    }

    async Task<HttpResponseMessage> Get(string query, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/webhooks/answer?{query}");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await api.Http.SendAsync(request);
    }

    async Task<HttpResponseMessage> Post(string path, string body, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await api.Http.SendAsync(request);
    }

    static byte[] QueryJson(string query) => WebhookSignature.QueryAsJson(query);

    [Fact]
    public async Task A_validly_signed_GET_is_answered_with_the_connect()
    {
        var (query, _, _) = await Route();
        using var response = await Get(query, Token(QueryJson(query)));
        Assert.Equal("connect", (await Ncco(response))[1].Str("action"));
    }

    [Fact]
    public void The_GET_payload_is_the_query_as_compact_json_in_its_order() =>
        Assert.Equal("""{"to":"447700900000","from":"447911123456","uuid":"a b"}""",
            Encoding.UTF8.GetString(QueryJson("to=447700900000&from=447911123456&uuid=a%20b")));

    [Fact]
    public async Task A_validly_signed_POST_is_answered_and_a_signed_event_is_accepted()
    {
        var (_, from, to) = await Route();
        var body = $$"""{"from":"{{from}}","to":"{{to}}","uuid":"u-2","conversation_uuid":"CON-2"}""";
        using var answer = await Post("/webhooks/answer", body, Token(Encoding.UTF8.GetBytes(body)));
        Assert.Equal("connect", (await Ncco(answer))[1].Str("action"));
        var evt = $$"""{"from":"{{from}}","to":"{{to}}","uuid":"u-2","status":"started"}""";
        using var recorded = await Post("/webhooks/event", evt, Token(Encoding.UTF8.GetBytes(evt)));
        Assert.Equal(HttpStatusCode.NoContent, recorded.StatusCode);
    }

    public static TheoryData<string> Forgeries => new()
    {
        "no token", "wrong secret", "alg none", "RS256 token", "tampered query", "stale iat", "iat from the future",
    };

    [Theory, MemberData(nameof(Forgeries))]
    public async Task A_forged_GET_is_refused_with_401_and_no_ncco(string forgery)
    {
        var (query, from, _) = await Route();
        var payload = QueryJson(query);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (sentQuery, token) = forgery switch
        {
            "no token" => (query, null),
            "wrong secret" => (query, Token(payload, secret: "guessed")),
            "alg none" => (query, Token(payload, alg: "none")),
            "RS256 token" => (query, Token(payload, alg: "RS256")),
            "tampered query" => (query.Replace($"from={from}", "from=447400980009"), Token(payload)),
            "stale iat" => (query, Token(payload, iat: now - 3600)),
            _ => (query, Token(payload, iat: now + 3600)),
        };
        using var response = await Get(sentQuery, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("action", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tampered_POST_body_is_refused()
    {
        var (_, from, to) = await Route();
        var signed = $$"""{"from":"{{from}}","to":"{{to}}"}""";
        using var response = await Post("/webhooks/answer", signed.Replace(from, "447400980009"), Token(Encoding.UTF8.GetBytes(signed)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_replayed_token_is_refused_the_second_time()
    {
        var (query, _, _) = await Route();
        var token = Token(QueryJson(query));
        using var first = await Get(query, token);
        using var replay = await Get(query, token);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (first.StatusCode, replay.StatusCode));
    }

    /// <summary>Sent at once, the copies land in one group insert: the group must still let only one through.</summary>
    [Fact]
    public async Task A_token_replayed_many_times_at_once_is_accepted_once()
    {
        var (query, _, _) = await Route();
        var token = Token(QueryJson(query));
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await Get(query, token);
            return response.StatusCode;
        }));
        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(19, answers.Count(s => s == HttpStatusCode.Unauthorized));
    }

    /// <summary>The replay table is shared: a token one instance accepted is refused by another.</summary>
    [Fact]
    public async Task A_token_replayed_to_another_instance_is_refused()
    {
        await using var apps = await TwoInstances.Start(new Dictionary<string, string?> { ["Vonage:SignatureSecret"] = SignedFixture.Secret });
        var c = await apps.One.CreatedConversation("+447400980011", "+447400980012");
        var query = $"from={Digits(c.Str("userA", "number"))}&to={Digits(c.Str("userB", "virtualNumber"))}&uuid=u-3&conversation_uuid=CON-3";
        var token = Token(QueryJson(query));
        async Task<HttpStatusCode> Send(HttpClient http)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/webhooks/answer?{query}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (await Send(apps.One), await Send(apps.Two)));
    }

    [Theory]
    [InlineData("iat beyond the calendar")]
    [InlineData("empty jti")]
    [InlineData("3 KB jti")]
    public async Task Token_edge_cases_are_refused_with_401_not_500(string edge)
    {
        var (query, _, _) = await Route();
        var payload = QueryJson(query);
        var token = edge switch
        {
            "iat beyond the calendar" => Token(payload, iat: long.MaxValue),
            "empty jti" => Token(payload, jti: ""),
            _ => Token(payload, jti: new string('j', 3000)),
        };
        using var response = await Get(query, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_bearer_scheme_is_case_insensitive()
    {
        var (query, _, _) = await Route();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/webhooks/answer?{query}");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + Token(QueryJson(query)));
        using var response = await api.Http.SendAsync(request);
        Assert.Equal("connect", (await Ncco(response))[1].Str("action"));
    }
}
