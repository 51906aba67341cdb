using System.Text.Json;

namespace PreviewAspire.Provisioning;

/// <summary>
/// Where a running AppHost's engines can be reached, written (owner-only: it holds administrator credentials) to
/// <c>&lt;state&gt;/secrets/engines.runtime.json</c> once they are healthy, so the <c>preview</c> CLI can manage
/// previews while the AppHost runs.
/// </summary>
public static class EngineRuntimeFile
{
    /// <summary>The file's path under a state directory.</summary>
    public static string PathIn(string stateDirectory) => Path.Combine(PreviewSecretStore.DirectoryIn(stateDirectory), "engines.runtime.json");

    /// <summary>Writes the engines' administrator connections atomically with owner-only permissions.</summary>
    public static void Write(string stateDirectory, EngineConnections engines, IEnumerable<int> pullRequests)
    {
        var document = new RuntimeDocument(engines.Postgres, engines.Redis, engines.RabbitMq, engines.RabbitMqManagement.ToString(), [.. pullRequests]);
        OwnerOnlyFile.Write(PathIn(stateDirectory), stream => JsonSerializer.Serialize(stream, document));
    }

    /// <summary>Reads the file, or null when it is missing.</summary>
    public static (EngineConnections Engines, IReadOnlyList<int> PullRequests)? TryRead(string stateDirectory)
    {
        var path = PathIn(stateDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<RuntimeDocument>(File.ReadAllText(path));
        return document is null ? null : (new EngineConnections(document.Postgres, document.Redis, document.RabbitMq, new Uri(document.RabbitMqManagement)), document.PullRequests);
    }

    /// <summary>Removes the file (the AppHost is stopping).</summary>
    public static void Delete(string stateDirectory) => File.Delete(PathIn(stateDirectory));

    private sealed record RuntimeDocument(string Postgres, string Redis, string RabbitMq, string RabbitMqManagement, int[] PullRequests);
}
