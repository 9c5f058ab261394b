using Carter;
using LanguageExt;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>GET /conversations: conversations oldest first, filtered, with cursor paging.</summary>
public sealed class List : ICarterModule
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapGet("/", Handle).WithName("listConversations")
            .WithSummary("List conversations, oldest first, with cursor paging; filter by participant, status, reference or set-up text status")
            .Produces<ConversationPageView>().ProducesValidationProblem(422);

    static async Task<IResult> Handle(string? participant, string? status, int? limit, string? after, string? reference,
        string? textStatus, ConversationQueries queries, TimeProvider clock, IOptions<VoiceProxyOptions> options, CancellationToken ct) =>
        await Filter(participant, status, limit, after, options.Value.DefaultCountry, reference, textStatus).Match(
            Succ: async filter => (IResult)Page(await queries.List(filter, clock.GetUtcNow(), ct), clock.GetUtcNow()),
            Fail: errors => Task.FromResult(new ConversationError.Invalid(errors).ToResult()));

    static Ok<ConversationPageView> Page(ConversationPage page, DateTimeOffset now) =>
        TypedResults.Ok(new ConversationPageView(
            page.Items.Select(c => ConversationView.Of(c, now)).ToList(), page.Next?.ToString()));

    /// <summary>The query string, validated: every wrong field at once.</summary>
    public static Validation<InputError, ConversationFilter> Filter(
        string? participant, string? status, int? limit, string? after, string region, string? reference = null,
        string? textStatus = null) =>
        (Participant(participant, region), Status(status), Limit(limit), After(after), Reference(reference), Text(textStatus))
            .Apply((p, s, l, a, r, t) => new ConversationFilter(p, s, l, a, r, t));

    // The names ConversationView shows for a participant's textStatus.
    static readonly Dictionary<string, TextOutcome> TextNames =
        Enum.GetValues<TextOutcome>().ToDictionary(o => o.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    static Validation<InputError, Option<TextOutcome>> Text(string? raw) =>
        raw is null ? Success<InputError, Option<TextOutcome>>(None)
        : TextNames.TryGetValue(raw, out var text) ? Success<InputError, Option<TextOutcome>>(text)
        : Fail<InputError, Option<TextOutcome>>(new InputError("textStatus", $"must be {string.Join(", ", TextNames.Keys)}"));

    static Validation<InputError, Option<string>> Reference(string? raw) =>
        raw is null ? Success<InputError, Option<string>>(None)
        : raw.Length is > 0 and <= BackendLink.MaxReferenceLength ? Success<InputError, Option<string>>(Some(raw))
        : Fail<InputError, Option<string>>(new InputError("reference", $"must be 1 to {BackendLink.MaxReferenceLength} characters"));

    static Validation<InputError, Option<PhoneNumber>> Participant(string? raw, string region) =>
        string.IsNullOrWhiteSpace(raw)
            ? Success<InputError, Option<PhoneNumber>>(None)
            : PhoneNumber.Parse(raw, region).Match(
                Right: n => Success<InputError, Option<PhoneNumber>>(Some(n)),
                Left: why => Fail<InputError, Option<PhoneNumber>>(new InputError("participant", why)));

    static Validation<InputError, Option<ConversationStatus>> Status(string? raw) =>
        raw switch
        {
            null or "" => Success<InputError, Option<ConversationStatus>>(None),
            "active" => Success<InputError, Option<ConversationStatus>>(ConversationStatus.Active),
            "closed" => Success<InputError, Option<ConversationStatus>>(ConversationStatus.Closed),
            "expired" => Success<InputError, Option<ConversationStatus>>(ConversationStatus.Expired),
            _ => Fail<InputError, Option<ConversationStatus>>(
                new InputError("status", "must be active, closed or expired")),
        };

    static Validation<InputError, int> Limit(int? limit) =>
        (limit ?? DefaultLimit) is >= 1 and <= MaxLimit and var l
            ? Success<InputError, int>(l)
            : Fail<InputError, int>(new InputError("limit", $"must be between 1 and {MaxLimit}"));

    static Validation<InputError, Option<Guid>> After(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? Success<InputError, Option<Guid>>(None)
        : Guid.TryParse(raw, out var id) ? Success<InputError, Option<Guid>>(Some(id))
        : Fail<InputError, Option<Guid>>(new InputError("after", "must be the next cursor of a previous page"));
}

/// <summary>A page of GET /conversations.</summary>
public sealed record ConversationPageView(IReadOnlyList<ConversationView> Items, string? Next);
