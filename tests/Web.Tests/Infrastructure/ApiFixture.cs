using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>A test class's own database and running app, with helpers that read as the API does.</summary>
public class ApiFixture : IAsyncLifetime
{
    public VoiceProxyApp App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        App = new VoiceProxyApp(await TestPostgres.CreateDatabase(), Settings);
        App.StartServer();
        Http = App.CreateClient();
    }

    public IDocumentStore Store => App.Services.GetRequiredService<IDocumentStore>();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}
