using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>A test class's own database and running app, with helpers that read as the API does.</summary>
public class ApiFixture : IAsyncLifetime
{
    public VoiceProxyApp App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The app's clock; tests that move time use a <see cref="ManualClock"/>.</summary>
    public virtual TimeProvider Clock => TimeProvider.System;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabase();
        App = new VoiceProxyApp(ConnectionString, Settings, Clock);
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
