using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Tests.Vonage;

/// <summary>Voice API JWT, VONAGE.md §2.11: RS256; application_id, iat, jti; exp within 24 h.</summary>
public class VoiceJwtTests
{
    [Fact]
    public void The_token_is_RS256_signed_with_the_application_key_and_carries_the_claims()
    {
        using var rsa = RSA.Create(2048);
        var keyFile = Path.GetTempFileName();
        File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        try
        {
            var jwt = new VoiceJwt(Options.Create(new VonageOptions { ApplicationId = "app-1", PrivateKeyPath = keyFile }),
                TimeProvider.System).Create();
            var parts = jwt.Split('.');
            Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"),
                Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
            Assert.Equal("app-1", claims.RootElement.GetProperty("application_id").GetString());
            Assert.False(string.IsNullOrEmpty(claims.RootElement.GetProperty("jti").GetString()));
            var (iat, exp) = (claims.RootElement.GetProperty("iat").GetInt64(), claims.RootElement.GetProperty("exp").GetInt64());
            Assert.Equal(900, exp - iat);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }
}
