using System.Text.Json.Serialization;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>What Number Insight basic says of a number: its international form and country.</summary>
public sealed record Insight(PhoneNumber Number, string Country);

/// <summary>Checks a participant's number before a conversation is created.</summary>
public interface INumberInsight
{
    Task<Either<VonageFailure, Insight>> Basic(PhoneNumber number, CancellationToken ct);
}

/// <summary>Sandbox: the local numbering-plan check already made is all there is.</summary>
public sealed class LocalNumberInsight : INumberInsight
{
    public Task<Either<VonageFailure, Insight>> Basic(PhoneNumber number, CancellationToken ct) =>
        Task.FromResult(Right<VonageFailure, Insight>(new Insight(number, number.Country)));
}

/// <summary>
/// Number Insight basic (api.nexmo.com/ni/basic/json, key and secret in the query). Basic only
/// normalises and gives the country; it does not prove the number exists or who owns it.
/// </summary>
public sealed class NumberInsightClient(VonageHttp http, IOptions<VonageOptions> options) : INumberInsight
{
    const string Operation = "number insight";

    public async Task<Either<VonageFailure, Insight>> Basic(PhoneNumber number, CancellationToken ct)
    {
        var o = options.Value;
        var url = $"{o.ApiBaseUrl.TrimEnd('/')}/ni/basic/json?api_key={Uri.EscapeDataString(o.ApiKey ?? "")}" +
                  $"&api_secret={Uri.EscapeDataString(o.ApiSecret ?? "")}&number={number.Digits}";
        return await http.Send(Operation, () => new HttpRequestMessage(HttpMethod.Get, url), idempotent: true,
            async response =>
            {
                if (!response.IsSuccessStatusCode) return VonageHttp.FromStatus(Operation, response.StatusCode);
                var body = await response.Content.ReadFromJsonAsync<Answer>(ct);
                return body is null ? new VonageFailure.Unavailable(Operation, "Vonage sent an empty answer.") : Read(body, number);
            }, ct);
    }

    static Either<VonageFailure, Insight> Read(Answer a, PhoneNumber asked) => a.Status switch
    {
        0 => PhoneNumber.Parse("+" + a.International, asked.Country).Match(
            Right: n => Right<VonageFailure, Insight>(new Insight(n, a.Country ?? n.Country)),
            Left: _ => Right<VonageFailure, Insight>(new Insight(asked, a.Country ?? asked.Country))),
        1 => new VonageFailure.Throttled(Operation, "Vonage is throttling Number Insight."),
        3 => new VonageFailure.Rejected(Operation, "Vonage could not read the number."),
        4 => new VonageFailure.Unauthorized(Operation, "Vonage refused our credentials."),
        5 => new VonageFailure.Unavailable(Operation, "Vonage had an internal error."),
        9 => new VonageFailure.NoCredit(Operation, "The Vonage account has no credit for Number Insight."),
        var s => new VonageFailure.Rejected(Operation, $"Number Insight answered status {s}."),
    };

    sealed record Answer(
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("international_format_number")] string? International,
        [property: JsonPropertyName("country_code")] string? Country);
}
