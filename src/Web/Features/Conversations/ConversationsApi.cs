using VoiceProxy.Web.Infrastructure.Http;
namespace VoiceProxy.Web.Features.Conversations;

/// <summary>What every /conversations endpoint shares: the path, the OpenAPI tag, the API key's 401.</summary>
static class ConversationsApi
{
    public static RouteGroupBuilder MapConversations(this IEndpointRouteBuilder app) =>
        app.MapGroup("/conversations").WithTags("Conversations").ProducesProblem(401)
            .RequireRateLimiting(RateLimits.Api).ProducesProblem(429);
}
