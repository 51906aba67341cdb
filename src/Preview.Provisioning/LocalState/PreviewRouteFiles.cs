using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PreviewAspire.Provisioning;

/// <summary>
/// The routes of PRs added to a running AppHost (in its standby slots, or by an AppHost that joined it): one JSON file per
/// PR under <c>&lt;state&gt;/routes/</c>, in Aspire's service-discovery shape (<c>services:pr9-frontend:http:0</c>), which
/// the running router loads and watches. Each file names the process the PR is served for, so a file left by a process
/// that died is recognised as stale.
/// </summary>
public static class PreviewRouteFiles
{
    /// <summary>The directory the router watches.</summary>
    public static string DirectoryIn(string stateDirectory) => Path.Combine(stateDirectory, "routes");

    /// <summary>Publishes PR <paramref name="slug"/>'s services (service name to URL) as served by process <paramref name="ownerPid"/>.</summary>
    public static void Write(string stateDirectory, string slug, int ownerPid, IReadOnlyDictionary<string, Uri> services)
    {
        var serviceNodes = new JsonObject();
        foreach (var (service, url) in services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            serviceNodes[service] = new JsonObject { ["http"] = new JsonArray(url.GetLeftPart(UriPartial.Authority)) };
        }

        var document = new JsonObject
        {
            ["services"] = serviceNodes,
            ["previewOwners"] = new JsonObject { [slug] = ownerPid },
        };
        OwnerOnlyFile.WriteText(PathOf(stateDirectory, slug), document.ToJsonString());
    }

    /// <summary>Withdraws PR <paramref name="slug"/>'s routes; the router answers 404 for it from then on.</summary>
    public static void Delete(string stateDirectory, string slug) => File.Delete(PathOf(stateDirectory, slug));

    /// <summary>The PRs (by number) whose routes are published by a process that is still alive, with that process's id.</summary>
    public static IReadOnlyDictionary<int, int> LiveOwners(string stateDirectory)
    {
        var owners = new Dictionary<int, int>();
        var directory = DirectoryIn(stateDirectory);
        if (!Directory.Exists(directory))
        {
            return owners;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "pr*.json"))
        {
            var slug = Path.GetFileNameWithoutExtension(file);
            if (int.TryParse(slug.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var pullRequest)
                && ReadOwner(file, slug) is { } pid && LocalProcess.IsAlive(pid))
            {
                owners[pullRequest] = pid;
            }
        }

        return owners;
    }

    /// <summary>Removes route files whose owning process is gone (it was killed before it could withdraw them).</summary>
    public static void DeleteStale(string stateDirectory)
    {
        var directory = DirectoryIn(stateDirectory);
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "pr*.json"))
        {
            if (ReadOwner(file, Path.GetFileNameWithoutExtension(file)) is not { } pid || !LocalProcess.IsAlive(pid))
            {
                File.Delete(file);
            }
        }
    }

    private static string PathOf(string stateDirectory, string slug) => Path.Combine(DirectoryIn(stateDirectory), slug + ".json");

    private static int? ReadOwner(string file, string slug)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file))?["previewOwners"]?[slug]?.GetValue<int>();
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
