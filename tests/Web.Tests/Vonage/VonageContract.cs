using System.Collections.Specialized;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using WireMock.Logging;

namespace VoiceProxy.Web.Tests.Vonage;

/// <summary>
/// Vonage's own OpenAPI documents (Vonage/spec, from Nexmo/api-specification) as a contract for
/// every request our clients send: the operation exists, every query and form field is one it
/// declares, enum values are among its allowed ones, and its required fields are present. What
/// the documents do not list and Vonage accepts is named in <see cref="KnownDifferences"/>.
/// </summary>
public static class VonageContract
{
    static readonly Lazy<IReadOnlyList<(string Prefix, OpenApiDocument Document)>> Documents = new(() =>
        new[] { "numbers.yml", "sms.yml", "number-insight.yml" }.Select(Load).ToList());

    /// <summary>
    /// Sent, accepted by Vonage, but not in these 2021 documents: Numbers API requests
    /// authenticate with HTTP Basic (as Vonage's own .NET SDK does), so they carry no
    /// api_key/api_secret fields (shared/vonage/README.md).
    /// </summary>
    public static readonly string[] KnownDifferences = ["Numbers API: HTTP Basic auth instead of api_key/api_secret"];

    static (string, OpenApiDocument) Load(string file)
    {
        using var stream = new MemoryStream(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vonage", "spec", file)));
        var read = new OpenApiYamlReader().Read(stream, new Uri("file:///vonage/" + file), new OpenApiReaderSettings());
        var document = read.Document ?? throw new InvalidOperationException($"{file}: {string.Join("; ", read.Diagnostic?.Errors ?? [])}");
        // Paths are relative to the server's path (https://rest.nexmo.com/sms → /sms/json).
        var prefix = new Uri(document.Servers![0].Url!).AbsolutePath.TrimEnd('/');
        return (prefix, document);
    }

    /// <summary>Every way the request breaks the contract; empty when it keeps it.</summary>
    public static IReadOnlyList<string> Violations(ILogEntry sent)
    {
        var request = sent.RequestMessage!;
        var (operation, pathParameters, name, document) = Find(request.Method, request.Path);
        if (operation is null || document is null) return [$"{request.Method} {request.Path}: no such operation in Vonage's documents"];
        // The documents declare api_key and api_secret as security schemes sent in the query.
        var credentials = (document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>()).Values
            .Where(scheme => scheme.Type == SecuritySchemeType.ApiKey && scheme.In == ParameterLocation.Query)
            .Select(scheme => scheme.Name!).ToHashSet();
        var problems = new List<string>();
        var form = operation.RequestBody?.Content?.TryGetValue("application/x-www-form-urlencoded", out var media) == true ? media.Schema : null;
        var query = HttpUtility.ParseQueryString(request.RawQuery ?? "");
        var parameters = (operation.Parameters ?? []).ToList();
        var basicAuth = request.Headers?.Any(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
            && h.Value.Any(v => v.StartsWith("Basic ", StringComparison.Ordinal))) == true;
        foreach (var key in query.AllKeys.OfType<string>())
        {
            var declared = parameters.FirstOrDefault(p => p.Name == key && p.In == ParameterLocation.Query);
            if (declared is null && credentials.Contains(key)) continue;
            if (declared is null) problems.Add($"{name}: query parameter '{key}' is not declared");
            else problems.AddRange(Enum(name, key, query[key]!, declared.Schema));
        }
        foreach (var p in parameters.Where(p => p.Required && p.In == ParameterLocation.Query && query[p.Name!] is null))
            if (!(basicAuth && p.Name is "api_key" or "api_secret"))
                problems.Add($"{name}: required query parameter '{p.Name}' is missing");
        if (credentials.Count > 0 && !basicAuth && form is null && credentials.Any(c => query[c] is null))
            problems.Add($"{name}: sends no credentials ({string.Join(", ", credentials)} or Basic auth)");
        foreach (var (p, value) in pathParameters)
            problems.AddRange(Enum(name, p, value, parameters.FirstOrDefault(x => x.Name == p && x.In == ParameterLocation.Path)?.Schema));
        if (form is not null) problems.AddRange(Form(name, HttpUtility.ParseQueryString(request.Body ?? ""), form, basicAuth));
        else if (!string.IsNullOrEmpty(request.Body) && request.Method != "GET")
            problems.Add($"{name}: sends a body the operation does not take");
        return problems;
    }

    static IEnumerable<string> Form(string name, NameValueCollection sent, IOpenApiSchema schema, bool basicAuth)
    {
        var properties = AllProperties(schema);
        foreach (var key in sent.AllKeys.OfType<string>())
            if (!properties.TryGetValue(key, out var property)) yield return $"{name}: form field '{key}' is not declared";
            else foreach (var e in Enum(name, key, sent[key]!, property)) yield return e;
        foreach (var required in AllRequired(schema).Where(r => sent[r] is null))
            if (!(basicAuth && required is "api_key" or "api_secret"))
                yield return $"{name}: required form field '{required}' is missing";
    }

    static Dictionary<string, IOpenApiSchema> AllProperties(IOpenApiSchema schema) =>
        (schema.AllOf ?? []).SelectMany(s => AllProperties(s)).Concat(schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    static IEnumerable<string> AllRequired(IOpenApiSchema schema) =>
        (schema.AllOf ?? []).SelectMany(AllRequired).Concat(schema.Required ?? new HashSet<string>());

    static IEnumerable<string> Enum(string name, string field, string value, IOpenApiSchema? schema)
    {
        var allowed = schema?.Enum?.Select(v => v is JsonValue j && j.TryGetValue<string>(out var s) ? s : v?.ToJsonString()).ToList();
        if (allowed is { Count: > 0 } && !allowed.Contains(value))
            yield return $"{name}: '{field}' is '{value}', not one of {string.Join(" | ", allowed)}";
    }

    static (OpenApiOperation? Operation, List<(string Name, string Value)> PathParameters, string Name, OpenApiDocument? Document)
        Find(string method, string path)
    {
        foreach (var (prefix, document) in Documents.Value)
        {
            if (!path.StartsWith(prefix + "/", StringComparison.Ordinal)) continue;
            var rest = path[prefix.Length..];
            foreach (var (template, item) in document.Paths)
            {
                var bound = Bind(template, rest);
                if (bound is null) continue;
                var operation = item.Operations?.FirstOrDefault(o => o.Key.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).Value;
                if (operation is not null) return (operation, bound, operation.OperationId ?? $"{method} {template}", document);
            }
        }
        return (null, [], "", null);
    }

    // "/{format}" against "/json": the path parameters, or null when it is not this template.
    static List<(string, string)>? Bind(string template, string path)
    {
        var (t, p) = (template.Trim('/').Split('/'), path.Trim('/').Split('/'));
        if (t.Length != p.Length) return null;
        var bound = new List<(string, string)>();
        for (var i = 0; i < t.Length; i++)
            if (t[i].StartsWith('{') && t[i].EndsWith('}')) bound.Add((t[i][1..^1], p[i]));
            else if (t[i] != p[i]) return null;
        return bound;
    }
}
