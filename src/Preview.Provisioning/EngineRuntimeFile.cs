using System.Text.Json;

namespace PreviewAspire.Provisioning;

/// <summary>
/// Where a running AppHost's engines and router can be reached, written (owner-only: it holds administrator credentials)
/// to <c>&lt;state&gt;/secrets/engines.runtime.json</c> once the engines are healthy, so the <c>preview</c> CLI can manage
/// previews and a second AppHost can join with more PRs while the first runs.
/// </summary>
public static class EngineRuntimeFile
{
    /// <summary>The file's name in the secrets directory.</summary>
    public const string FileName = "engines.runtime.json";

    /// <summary>The file's path under a state directory.</summary>
    public static string PathIn(string stateDirectory) => Path.Combine(PreviewSecretStore.DirectoryIn(stateDirectory), FileName);

    /// <summary>Writes the running AppHost's engines, PRs and router atomically with owner-only permissions.</summary>
    public static void Write(string stateDirectory, EngineRuntime runtime)
    {
        var document = new RuntimeDocument(
            runtime.Engines.Postgres, runtime.Engines.Redis, runtime.Engines.RabbitMq, runtime.Engines.RabbitMqManagement.ToString(),
            [.. runtime.PullRequests], runtime.AppHostPid, runtime.Router?.Port, runtime.Router?.Domain, runtime.StandbySlots);
        OwnerOnlyFile.Write(PathIn(stateDirectory), stream => JsonSerializer.Serialize(stream, document));
    }

    /// <summary>Reads the file, or null when it is missing.</summary>
    public static EngineRuntime? TryRead(string stateDirectory)
    {
        if (SecretFile.TryReadAllText(PathIn(stateDirectory)) is not { } text)
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<RuntimeDocument>(text);
        return document is null
            ? null
            : new EngineRuntime(
                new EngineConnections(document.Postgres, document.Redis, document.RabbitMq, new Uri(document.RabbitMqManagement)),
                document.PullRequests,
                document.AppHostPid,
                document.RouterPort is { } port && document.Domain is { } domain ? new RouterAddress(port, domain) : null,
                document.StandbySlots);
    }

    /// <summary>Removes the file (the AppHost is stopping).</summary>
    public static void Delete(string stateDirectory) => File.Delete(PathIn(stateDirectory));

    private sealed record RuntimeDocument(
        string Postgres, string Redis, string RabbitMq, string RabbitMqManagement, int[] PullRequests, int AppHostPid, int? RouterPort, string? Domain, int StandbySlots = 0);
}

/// <summary>What a running AppHost publishes about itself in <see cref="EngineRuntimeFile"/>.</summary>
/// <param name="Engines">Administrator access to its engines.</param>
/// <param name="PullRequests">The PRs it serves itself.</param>
/// <param name="AppHostPid">Its process id.</param>
/// <param name="Router">Where its router listens; null when it runs the engines only (for the CLI).</param>
/// <param name="StandbySlots">How many standby slots it has for PRs that other processes ask it to serve.</param>
public sealed record EngineRuntime(EngineConnections Engines, IReadOnlyList<int> PullRequests, int AppHostPid, RouterAddress? Router, int StandbySlots = 0);

/// <summary>The public port and preview domain of a running router.</summary>
public sealed record RouterAddress(int Port, string Domain);
