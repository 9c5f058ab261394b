using System.Net;
using System.Text;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>docs/architecture.md, invariant 4 at the edge: bad input is a 4xx ProblemDetails that names the field.</summary>
[Trait("Category", "Integration")]
public class ConversationsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { """{"userA":"hello","userB":"+447400123456"}""", "userA", "may only hold digits, spaces, '-', '.', '(', ')' and a leading '+'" },
        { """{"userA":"+44 12","userB":"+447400123456"}""", "userA", "is not a possible phone number" },
        { """{"userA":"+447911123456","userB":"+447700900055"}""", "userB", "is one of this service's virtual numbers" },
        { """{"userA":"+447700901555","userB":"+447400123456"}""", "userA", "is not an assigned phone number" },
        { """{"userA":"+447911123456","userB":"07911 123456"}""", "userB", "must differ from userA" },
        { """{"userB":"+447400123456"}""", "userA", "is required" },
        { """{"userA":"+447911123456","userB":""}""", "userB", "is required" },
    };

    [Theory, MemberData(nameof(InvalidBodies))]
    public async Task Invalid_participants_are_a_422_naming_the_field(string body, string field, string message)
    {
        using var response = await Post(body);
        var problem = await Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Every_wrong_field_is_named_at_once()
    {
        using var response = await Post("{}");
        var errors = (await Problem(response, HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.Equal(["userA", "userB"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"userA": 12""")]
    public async Task Malformed_json_is_a_400_problem(string body)
    {
        using var response = await Post(body);
        await Problem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_conversation_is_a_404_problem()
    {
        using var response = await api.Http.GetAsync($"/conversations/{Guid.NewGuid()}");
        await Problem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Error_bodies_never_echo_a_submitted_number()
    {
        using var response = await Post("""{"userA":"+447911123456","userB":"+447911123456"}""");
        Assert.DoesNotContain("7911123456", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_participant_in_two_conversations_dials_different_numbers_for_each()
    {
        // The seed gave every conversation the same two numbers ("crossed sessions").
        var withBob = await api.Http.CreatedConversation("+447911222333", "+447400222333");
        var withCarol = await api.Http.CreatedConversation("+447911222333", "+447400444555");
        Assert.NotEqual(withBob.Str("userB", "virtualNumber"), withCarol.Str("userB", "virtualNumber"));
        var toBob = await api.Http.Answer("447911222333", Api.Digits(withBob.Str("userB", "virtualNumber")));
        var toCarol = await api.Http.Answer("447911222333", Api.Digits(withCarol.Str("userB", "virtualNumber")));
        Assert.Equal("447400222333", toBob[1].GetProperty("endpoint")[0].Str("number"));
        Assert.Equal("447400444555", toCarol[1].GetProperty("endpoint")[0].Str("number"));
    }

    Task<HttpResponseMessage> Post(string body) =>
        api.Http.PostAsync("/conversations", new StringContent(body, Encoding.UTF8, "application/json"));

    static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Api.Json(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
