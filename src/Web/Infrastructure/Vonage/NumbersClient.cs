using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;
using LanguageExt;
using Microsoft.Extensions.Options;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>A number Vonage offers or we own: msisdn is digits only.</summary>
public sealed record VonageNumber(
    [property: JsonPropertyName("msisdn")] string Msisdn,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("features")] string[]? Features);

/// <summary>
/// Vonage's Numbers API (rest.nexmo.com): search, buy, link to our application, list, cancel.
/// Authenticated with HTTP Basic (key:secret), as Vonage's own .NET SDK does.
/// </summary>
public sealed class NumbersClient(VonageHttp http, IOptions<VonageOptions> options)
{
    VonageOptions Settings => options.Value;

    public async Task<Either<VonageFailure, Seq<VonageNumber>>> Search(
        string country, string[] features, int size, CancellationToken ct) =>
        (await Get<NumberList>("search numbers",
            $"/number/search?country={country}&features={FeaturesQuery(features)}&size={size}", ct))
            .Map(list => toSeq(list.Numbers ?? []));

    // The search takes a combination of features only as one of these spellings (Vonage's
    // numbers.yml): VOICE,SMS is not one of them, and a contract-checked mock refused it.
    static readonly string[] FeatureCombinations = ["SMS", "VOICE", "SMS,VOICE", "MMS", "SMS,MMS", "VOICE,MMS", "SMS,MMS,VOICE"];

    /// <summary>The features in the one order Vonage's search accepts for that combination.</summary>
    public static string FeaturesQuery(IEnumerable<string> features)
    {
        var wanted = features.Select(f => f.ToUpperInvariant()).ToHashSet();
        return FeatureCombinations.FirstOrDefault(c => c.Split(',').ToHashSet().SetEquals(wanted))
            ?? throw new ArgumentException($"No number search takes the features {string.Join(",", wanted)}.", nameof(features));
    }

    /// <summary>Rents a number. Never retried: a retry could rent it twice or charge twice.</summary>
    public Task<Either<VonageFailure, Unit>> Buy(string country, string msisdn, CancellationToken ct) =>
        Post("buy number", "/number/buy", [("country", country), ("msisdn", msisdn)], idempotent: false, ct);

    /// <summary>Points the number's calls at our Vonage application (app_id; voiceCallbackType=app is deprecated).</summary>
    public Task<Either<VonageFailure, Unit>> Link(string country, string msisdn, CancellationToken ct) =>
        Post("link number", "/number/update",
            [("country", country), ("msisdn", msisdn), ("app_id", Settings.ApplicationId ?? "")], idempotent: true, ct);

    public Task<Either<VonageFailure, Unit>> Cancel(string country, string msisdn, CancellationToken ct) =>
        Post("cancel number", "/number/cancel", [("country", country), ("msisdn", msisdn)], idempotent: false, ct);

    Task<Either<VonageFailure, T>> Get<T>(string operation, string pathAndQuery, CancellationToken ct) =>
        http.Send(operation, () => Request(HttpMethod.Get, pathAndQuery), idempotent: true, async response =>
        {
            if (!response.IsSuccessStatusCode) return Left<VonageFailure, T>(VonageHttp.FromStatus(operation, response.StatusCode));
            var body = await response.Content.ReadFromJsonAsync<T>(ct);
            return body is null
                ? Left<VonageFailure, T>(new VonageFailure.Unavailable(operation, "Vonage sent an empty answer."))
                : Right<VonageFailure, T>(body);
        }, ct);

    Task<Either<VonageFailure, Unit>> Post(string operation, string path,
        (string, string)[] form, bool idempotent, CancellationToken ct) =>
        http.Send(operation, () =>
        {
            var request = Request(HttpMethod.Post, path);
            request.Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));
            return request;
        }, idempotent, response => Outcome(operation, response, ct), ct);

    // 420 means "action failed" (the country needs an address, we already own it…); the body's
    // error-code is a string, and anything but "200" is a failure.
    static async Task<Either<VonageFailure, Unit>> Outcome(string operation, HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadFromJsonAsync<NumbersResult>(ct).ConfigureAwait(false) ?? new(null, null);
        if ((int)response.StatusCode == 420 || (response.IsSuccessStatusCode && body.Code != "200"))
            return new VonageFailure.Rejected(operation, $"Vonage refused: {body.Label ?? "action failed"}.");
        return response.IsSuccessStatusCode ? unit : VonageHttp.FromStatus(operation, response.StatusCode);
    }

    HttpRequestMessage Request(HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, $"{Settings.RestBaseUrl.TrimEnd('/')}{pathAndQuery}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Settings.ApiKey}:{Settings.ApiSecret}")));
        return request;
    }

    sealed record NumberList([property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("numbers")] VonageNumber[]? Numbers);

    sealed record NumbersResult([property: JsonPropertyName("error-code")] string? Code,
        [property: JsonPropertyName("error-code-label")] string? Label);
}
