using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging.Abstractions;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests.Model;

/// <summary>The AppHost's model, declared as Program.cs declares it, built without starting anything.</summary>
internal sealed class PreviewModel : IDisposable
{
    private readonly string _state = TraversableTempDirectory();

    public PreviewModel(PreviewOptions options, bool publish = false)
    {
        string[] args = publish ? ["--publisher", "manifest", "--output-path", Path.Combine(_state, "out")] : [];
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });
        new PreviewHostSettings(options with { StateDirectory = _state }, publish ? null : PreviewStateDirectory.Resolve(_state, "/").EnsureCreated()).AttachTo(Builder);
        var engines = Builder.AddPreviewEngines();
        Router = Builder.AddPreviewRouter<RouterProject>();
        Previews = Builder.AddPreviews<ProvisionerProject>(engines, Router);
        foreach (var preview in Previews)
        {
            var api = preview.AddPreviewService<ApiProject>("api")
                .WithPreviewDatabase(preview, "ordersdb")
                .WithPreviewCache(preview, "cache")
                .WithPreviewMessaging(preview, "messaging");
            preview.AddPreviewService<WorkerProject>("worker").WithPreviewDatabase(preview, "ordersdb");
            preview.AddPreviewService<FrontendProject>("frontend").WithReference(api, "api");
        }
    }

    public IDistributedApplicationBuilder Builder { get; }

    public IResourceBuilder<ProjectResource>? Router { get; }

    public IReadOnlyList<IResourceBuilder<PreviewResource>> Previews { get; }

    public T Resource<T>(string name)
        where T : IResource => Builder.Resources.OfType<T>().Single(r => r.Name == name);

    public static PreviewOptions Options(int slots, params int[] pullRequests) =>
        PreviewCommandLine.Parse([.. pullRequests.SelectMany(pr => new[] { "--pr", pr.ToString() }), "--slots", slots.ToString(), "--infrastructure", "process"]);

    /// <summary>The environment <paramref name="resource"/> would start with, resolved as Aspire resolves it.</summary>
    public async Task<IReadOnlyDictionary<string, string>> EnvironmentOf(IResource resource) =>
        (await ResolveAsync(Builder, resource, DistributedApplicationOperation.Run)).Environment;

    /// <summary>
    /// The arguments and environment <paramref name="resource"/> of <paramref name="builder"/>'s model would start with
    /// (or be published with), resolved as Aspire resolves them.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)> ResolveAsync(
        IDistributedApplicationBuilder builder, IResource resource, DistributedApplicationOperation operation)
    {
        // What the orchestrator does before anything starts: every endpoint gets its address.
        foreach (var endpoint in builder.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()).Where(e => e.AllocatedEndpoint is null))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", endpoint.Port ?? 40000 + builder.Resources.Count);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithArgumentsConfig()
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(operation), NullLogger.Instance, timeout.Token);
        if (configuration.Exception is { } unresolved)
        {
            throw unresolved;
        }

        return ([.. configuration.Arguments.Select(a => a.Value)], configuration.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value));
    }

    // Postgres runs as the postgres user, which must be able to enter the state directory (temp directories are owner-only).
    private static string TraversableTempDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("preview-model-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
