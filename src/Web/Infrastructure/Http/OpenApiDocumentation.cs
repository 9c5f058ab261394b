using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using VoiceProxy.Core.Callbacks;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// What the generated OpenAPI document says beyond the endpoints themselves, so a backend can
/// generate a working client from it: the API-key scheme and which operations need it, a
/// description on every operation, and the callbacks we send (OpenAPI 3.1 webhooks).
/// </summary>
public static class OpenApiDocumentation
{
    public const string ApiKeyScheme = "ApiKey";

    // What a generated client's docs and the /docs page show as a sample of each main body.
    static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(Features.Conversations.CreateConversationRequest)] =
            """{"userA":"+447911123456","userB":"07400 123456","ttlSeconds":3600,"reference":"ride-42","callbackUrl":"https://backend.example.com/voiceproxy"}""",
        [typeof(Features.Conversations.ConversationView)] =
            """{"id":"0194f3a2-6c1e-7a4b-9d2e-5f1a2b3c4d5e","status":"active","userA":{"number":"+447911123456","virtualNumber":"+447700900042","country":"GG","textStatus":"delivered"},"userB":{"number":"+447400123456","virtualNumber":"+447700900017","country":"GB","textStatus":"sent"},"createdAt":"2026-11-25T07:00:00+00:00","expiresAt":"2026-11-25T08:00:00+00:00","closedAt":null,"reference":"ride-42","callbackUrl":"https://backend.example.com/voiceproxy"}""",
        [typeof(Features.Sandbox.SandboxCallRequest)] = """{"from":"447911123456","to":"447700900017","callee":"answer","talkSeconds":42}""",
        [typeof(CallbackMessage)] =
            """{"type":"call.completed","timestamp":"2026-11-25T07:01:12+00:00","data":{"conversation":{"id":"0194f3a2-6c1e-7a4b-9d2e-5f1a2b3c4d5e","reference":"ride-42","status":"active","userA":{"number":"+44 •••• ••••56","virtualNumber":"+447700900042"},"userB":{"number":"+44 •••• ••••56","virtualNumber":"+447700900017"},"expiresAt":"2026-11-25T08:00:00+00:00"},"call":{"uuid":"63f61863-4a51-4f6b-86e1-46edebcf9356","caller":"userA","status":"completed","outcome":"answered","durationSeconds":42}}}""",
    };

    public static void Configure(OpenApiOptions o)
    {
        o.AddDocumentTransformer(async (doc, context, ct) =>
        {
            doc.Info.Title = "VoiceProxy";
            doc.Info.Description = "Number masking for voice calls on Vonage. Errors are RFC 9457 ProblemDetails. " +
                "When VoiceProxy:ApiKeys is set, every operation except Vonage's webhooks needs Authorization: Bearer <key>.";
            doc.Info.Contact = new OpenApiContact { Name = "VoiceProxy maintainers (README.md)" };
            // The server is this request's own base URL; spectral:oas wants it without the trailing slash.
            foreach (var server in doc.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "One of VoiceProxy:ApiKeys, as a bearer token.",
            };
            doc.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
            doc.Webhooks["callback"] = Post(new()
            {
                OperationId = "receiveCallback",
                Summary = "A callback VoiceProxy sends to the backend",
                Description = "POSTed to the conversation's callbackUrl (or VoiceProxy:Callbacks:Url), at least once and " +
                    "in order per conversation, signed with Standard Webhooks (webhook-id, webhook-timestamp, " +
                    "webhook-signature). Deduplicate by webhook-id. Types: " + string.Join(", ", BackendCallbacks.Types) +
                    ". Participants appear by role and masked number unless VoiceProxy:Callbacks:IncludeNumbers is set. " +
                    "Answer any 2xx; anything else, or no answer in time, is retried with backoff for up to 24 hours.",
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(CallbackMessage), null, ct) },
                    },
                },
                Responses = new OpenApiResponses { ["2XX"] = new OpenApiResponse { Description = "Taken; not sent again (unless redelivered)." } },
            });
            doc.Webhooks["outOfSession"] = Post(new()
            {
                OperationId = "receiveOutOfSession",
                Summary = "VoiceProxy asks the backend what to do with a caller or texter in no conversation",
                Description = "POSTed to VoiceProxy:OutOfSession:CallbackUrl, signed like the callbacks: " +
                    "{\"type\":\"out-of-session.call\",\"data\":{\"from\",\"to\"}} or " +
                    "{\"type\":\"out-of-session.message\",\"data\":{\"from\",\"to\",\"messageId\",\"text\"}}. " +
                    "Answer 200 with {\"action\":\"refuse\",\"message\"?}, {\"action\":\"forward\",\"number\"} or " +
                    "{\"action\":\"open\",\"counterpart\"} (a conversation in which the number dialed stands for the " +
                    "counterpart). Anything else, or no answer within CallbackTimeoutMilliseconds: the configured static behaviour.",
                Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "What to do." } },
            });
            doc.Webhooks["intercept"] = Post(new()
            {
                OperationId = "receiveIntercept",
                Summary = "VoiceProxy asks the backend before connecting a call or relaying a text",
                Description = "POSTed to the conversation's interceptUrl (or VoiceProxy:Intercept:Url), signed like the " +
                    "callbacks: {\"type\":\"intercept.call\",\"data\":{\"conversation\":{\"id\"},\"caller\":\"userA\"}} or " +
                    "{\"type\":\"intercept.message\",\"data\":{\"conversation\":{\"id\"},\"sender\":\"userB\",\"messageId\"}}; " +
                    "never a number, never the text. Answer 403 to block it (the caller hears Messages:Blocked; the text is " +
                    "dropped); anything else lets it through, and so does no answer within VoiceProxy:Intercept:TimeoutMilliseconds " +
                    "unless VoiceProxy:Intercept:FailClosed. Each decision is recorded in the conversation's events.",
                Responses = new OpenApiResponses
                {
                    ["403"] = new OpenApiResponse { Description = "Blocked." },
                    ["default"] = new OpenApiResponse { Description = "Let through." },
                },
            });
        });
        o.AddSchemaTransformer((schema, context, _) =>
        {
            if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example)) schema.Examples = [JsonNode.Parse(example)!];
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (!metadata.OfType<IAllowAnonymous>().Any())
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] }];
            // Every operation is described: its own words, or at least its summary.
            if (string.IsNullOrWhiteSpace(operation.Description)) operation.Description = operation.Summary;
            return Task.CompletedTask;
        });
    }

    // A request VoiceProxy sends to the backend, described as an OpenAPI 3.1 webhook.
    static OpenApiPathItem Post(OpenApiOperation operation) =>
        new() { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation } };
}
