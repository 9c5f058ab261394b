using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The token reader on its own: every refusal here is a request the service answers 401
/// (SignedWebhookTests shows that over HTTP for the common forgeries).
/// </summary>
public class WebhookTokenTests
{
    static readonly byte[] Key = Encoding.UTF8.GetBytes("a-signature-secret");
    const string Hs256 = """{"alg":"HS256","typ":"JWT"}""";
    const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    /// <summary>A token signed with <see cref="Key"/> (or another key) over exactly the JSON given.</summary>
    static string Signed(string claims, string header = Hs256, byte[]? key = null)
    {
        var signing = $"{B64(header)}.{B64(claims)}";
        return $"{signing}.{Base64Url.EncodeToString(HMACSHA256.HashData(key ?? Key, Encoding.ASCII.GetBytes(signing)))}";
    }

    static string Refusal(string token) =>
        WebhookToken.Read(token, Key, WebhookSignature.MaxJtiLength).Match(Right: c => $"accepted {c}", Left: reason => reason);

    [Fact]
    public void A_signed_token_gives_its_claims()
    {
        var claims = WebhookToken.Read(Signed($$"""{"iat":1700000000,"jti":"j-1","iss":"Vonage","payload_hash":"{{Hash}}","nested":{"a":[1,2]},"x":1}"""),
            Key, WebhookSignature.MaxJtiLength);
        Assert.Equal(new WebhookClaims(DateTimeOffset.FromUnixTimeSeconds(1700000000), "j-1", Hash), claims);
    }

    [Fact]
    public void Escaped_claim_names_are_the_same_claims() =>
        Assert.StartsWith("accepted", Refusal(Signed($$"""{"i\u0061t":1700000000,"j\u0074i":"j-1","payload_hash":"{{Hash}}"}""")));

    [Theory]
    [InlineData("a.b", "not a JWT")]
    [InlineData("a.b.c.d", "not a JWT")]
    [InlineData("abc", "not a JWT")]
    [InlineData("e30.e30.!!!", "malformed token")]
    public void Not_a_token(string token, string reason) => Assert.Equal(reason, Refusal(token));

    [Fact]
    public void Another_key_does_not_verify() =>
        Assert.Equal("signature does not verify",
            Refusal(Signed($$"""{"iat":1700000000,"jti":"j-1","payload_hash":"{{Hash}}"}""", key: "guessed"u8.ToArray())));

    [Fact]
    public void A_cut_signature_does_not_verify()
    {
        var token = Signed($$"""{"iat":1700000000,"jti":"j-1","payload_hash":"{{Hash}}"}""");
        Assert.Equal("signature does not verify", Refusal(token[..^3]));
    }

    [Theory]
    [InlineData("""{"alg":"none"}""", "algorithm is not HS256")]
    [InlineData("""{"typ":"JWT"}""", "algorithm is not HS256")]
    [InlineData("""{"alg":"HS256","alg":"none"}""", "algorithm is not HS256")]
    [InlineData("""{"alg":["HS256"]}""", "algorithm is not HS256")]
    [InlineData("""["HS256"]""", "malformed token")]
    [InlineData("""{"alg":"HS256"} {}""", "malformed token")]
    public void Only_HS256_is_accepted(string header, string reason) =>
        Assert.Equal(reason, Refusal(Signed($$"""{"iat":1700000000,"jti":"j-1","payload_hash":"{{Hash}}"}""", header)));

    [Theory]
    [InlineData("""{"iat":1700000000,"jti":"j-1","jti":"j-2","payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"iat":1700000000,"iat":1,"jti":"j-1","payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"iat":1700000000,"jti":7,"payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"iat":1.5,"jti":"j-1","payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"iat":"1700000000","jti":"j-1","payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"iat":9223372036854775807,"jti":"j-1","payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"iat":1700000000,"jti":"j-1"}""", "malformed token")]
    [InlineData("""{"iat":1700000000,"payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"jti":"j-1","payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"iat":1700000000,"jti":"j-1","payload_hash":null}""", "malformed token")]
    [InlineData("""{"iat":1700000000,"jti":"\ud800","payload_hash":"h"}""", "malformed token")]
    [InlineData("""{"iat":1700000000,"jti":"j-1","payload_hash":"h"}x""", "malformed token")]
    [InlineData("""{"iat":1700000000,"jti":"j-1","payload_hash":"h\""", "malformed token")]
    [InlineData("""[1700000000,"j-1","h"]""", "malformed token")]
    [InlineData("""{"iat":1700000000,"jti":null,"payload_hash":"h"}""", "jti missing or not a token id")]
    [InlineData("""{"iat":1700000000,"jti":"  ","payload_hash":"h"}""", "jti missing or not a token id")]
    public void Malformed_claims_are_refused_not_guessed(string claims, string reason) =>
        Assert.Equal(reason, Refusal(Signed(claims)));

    [Fact]
    public void A_jti_longer_than_a_token_id_is_refused() =>
        Assert.Equal("jti missing or not a token id",
            Refusal(Signed($$"""{"iat":1700000000,"jti":"{{new string('j', WebhookSignature.MaxJtiLength + 1)}}","payload_hash":"h"}""")));

    [Fact]
    public void A_token_longer_than_any_Vonage_sends_is_not_decoded() =>
        Assert.Equal("malformed token",
            Refusal(Signed($$"""{"iat":1700000000,"jti":"j-1","payload_hash":"h","pad":"{{new string('p', WebhookToken.MaxLength)}}"}""")));
}
