using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The OpenAPI document is one a backend can generate its client from: every operation named
/// and described, the API-key scheme declared where it is needed, the callbacks described; and
/// a C# client NSwag generates from the live document runs the README walkthrough.
/// </summary>
[Trait("Category", "Integration")]
public class OpenApiClientTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    async Task<string> Document() => await api.Http.GetStringAsync("/openapi/v1.json");

    [Fact]
    public async Task Every_operation_has_a_unique_id_a_description_and_the_api_key_scheme_unless_it_is_vonages()
    {
        using var doc = JsonDocument.Parse(await Document());
        var root = doc.RootElement;
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").Str("scheme"));
        var operations = root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)).Select(m => (Path: p.Name, Op: m.Value)))
            .ToList();
        Assert.NotEmpty(operations);
        var ids = operations.Select(o => o.Op.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Op.TryGetProperty("description", out var d) ? d.GetString() : null),
            $"{o.Path} has no description"));
        foreach (var (path, op) in operations)
        {
            var secured = op.TryGetProperty("security", out var s) && s.EnumerateArray().Any(r => r.TryGetProperty("ApiKey", out _));
            var vonages = path.StartsWith("/webhooks/", StringComparison.Ordinal) || path == "/proxy-call";
            Assert.True(secured != vonages, $"{path}: secured {secured}, but it is {(vonages ? "" : "not ")}Vonage's");
        }
        var schemas = root.GetProperty("components").GetProperty("schemas");
        Assert.Equal("ride-42", schemas.GetProperty("CreateConversationRequest").GetProperty("examples")[0].Str("reference"));
        var callback = root.GetProperty("webhooks").GetProperty("callback").GetProperty("post");
        Assert.Equal("receiveCallback", callback.Str("operationId"));
        Assert.True(callback.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        // The questions a backend answers are described too.
        foreach (var (hook, operation) in new[] { ("outOfSession", "receiveOutOfSession"), ("intercept", "receiveIntercept") })
            Assert.Equal(operation, root.GetProperty("webhooks").GetProperty(hook).GetProperty("post").Str("operationId"));
        var request = schemas.GetProperty("CreateConversationRequest").GetProperty("properties");
        foreach (var field in new[] { "language", "interceptUrl" }) Assert.True(request.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task A_client_nswag_generates_from_the_live_document_runs_the_readme_walkthrough()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await Document());
        var code = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings
        {
            ClassName = "VoiceProxyClient",
            GenerateClientInterfaces = false,
            UseBaseUrl = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings = { Namespace = "Generated", JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson },
        }).GenerateFile();
        var client = Compile(code).GetType("Generated.VoiceProxyClient")!;
        dynamic proxy = Activator.CreateInstance(client, api.Http)!;

        // 1. Create, through the generated client's own request type.
        dynamic request = Activator.CreateInstance(client.Assembly.GetType("Generated.CreateConversationRequest")!)!;
        request.UserA = "+447911128001";
        request.UserB = "07400 128001";
        request.Reference = "walkthrough-client";
        dynamic created = await proxy.CreateConversationAsync(request);
        Guid id = created.Id;
        Assert.Equal("active", (string)created.Status);

        // 2. Read it and find it by reference.
        dynamic read = await proxy.ReadConversationAsync(id);
        Assert.Equal("+447400128001", (string)read.UserB.Number);
        dynamic page = await proxy.ListConversationsAsync(null, null, null, null, "walkthrough-client", null);
        Assert.Equal(id, (Guid)Enumerable.Single((IEnumerable<dynamic>)page.Items).Id);

        // 3. A whole call through the sandbox, then the call log.
        dynamic call = Activator.CreateInstance(client.Assembly.GetType("Generated.SandboxCallRequest")!)!;
        call.From = "447911128001";
        call.To = (string)created.UserB.VirtualNumber;
        dynamic played = await proxy.PlaySandboxCallAsync(call);
        Assert.Equal("answered", (string)played.Outcome);
        dynamic calls = await proxy.ListConversationCallsAsync(id);
        Assert.Single((IEnumerable<dynamic>)calls);

        // 4. Close it.
        dynamic closed = await proxy.CloseConversationAsync(id);
        Assert.Equal("closed", (string)closed.Status);
    }

    static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("GeneratedVoiceProxyClient", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        return Assembly.Load(image.ToArray());
    }
}
