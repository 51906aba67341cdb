using System.Globalization;
using System.Text.Json;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// How a process asks a running AppHost to serve PRs in its standby slots, through files under
/// <c>&lt;state&gt;/standby/</c>: the asker writes <c>&lt;pid&gt;.request.json</c> and keeps it while it wants the PRs
/// served; the AppHost answers in <c>&lt;pid&gt;.response.json</c>. Deleting the request, or the asker's exit, releases the slots.
/// </summary>
public static class StandbyRequestFiles
{
    /// <summary>The directory requests and responses live in.</summary>
    public static string DirectoryIn(string stateDirectory) => Path.Combine(stateDirectory, "standby");

    /// <summary>Asks for <paramref name="pullRequests"/> on behalf of process <paramref name="pid"/>.</summary>
    public static void WriteRequest(string stateDirectory, int pid, IReadOnlyList<int> pullRequests)
    {
        Directory.CreateDirectory(DirectoryIn(stateDirectory));
        File.Delete(ResponsePath(stateDirectory, pid));
        OwnerOnlyFile.WriteText(RequestPath(stateDirectory, pid), JsonSerializer.Serialize(new StandbyRequest(pid, [.. pullRequests])));
    }

    /// <summary>Withdraws process <paramref name="pid"/>'s request: the AppHost stops its PRs and frees their slots.</summary>
    public static void DeleteRequest(string stateDirectory, int pid) => File.Delete(RequestPath(stateDirectory, pid));

    /// <summary>True while process <paramref name="pid"/>'s request stands.</summary>
    public static bool RequestStands(string stateDirectory, int pid) => File.Exists(RequestPath(stateDirectory, pid));

    /// <summary>The requests standing now.</summary>
    public static IReadOnlyList<StandbyRequest> ReadRequests(string stateDirectory)
    {
        var directory = DirectoryIn(stateDirectory);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var requests = new List<StandbyRequest>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.request.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize<StandbyRequest>(File.ReadAllText(file)) is { } request
                    && file == RequestPath(stateDirectory, request.Pid))
                {
                    requests.Add(request);
                }
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                // Being written or withdrawn right now; the next look sees it whole or not at all.
            }
        }

        return requests;
    }

    /// <summary>Answers process <paramref name="pid"/>.</summary>
    public static void WriteResponse(string stateDirectory, int pid, StandbyResponse response) =>
        OwnerOnlyFile.WriteText(ResponsePath(stateDirectory, pid), JsonSerializer.Serialize(response));

    /// <summary>The AppHost's latest answer to process <paramref name="pid"/>, or null while there is none.</summary>
    public static StandbyResponse? ReadResponse(string stateDirectory, int pid)
    {
        try
        {
            var path = ResponsePath(stateDirectory, pid);
            return File.Exists(path) ? JsonSerializer.Deserialize<StandbyResponse>(File.ReadAllText(path)) : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Removes the answer to process <paramref name="pid"/> (its PRs are stopped).</summary>
    public static void DeleteResponse(string stateDirectory, int pid) => File.Delete(ResponsePath(stateDirectory, pid));

    /// <summary>Removes requests and answers of processes that are gone.</summary>
    public static void DeleteStale(string stateDirectory)
    {
        var directory = DirectoryIn(stateDirectory);
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            var pidText = Path.GetFileName(file).Split('.')[0];
            if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !LocalProcess.IsAlive(pid))
            {
                File.Delete(file);
            }
        }
    }

    private static string RequestPath(string stateDirectory, int pid) =>
        Path.Combine(DirectoryIn(stateDirectory), pid.ToString(CultureInfo.InvariantCulture) + ".request.json");

    private static string ResponsePath(string stateDirectory, int pid) =>
        Path.Combine(DirectoryIn(stateDirectory), pid.ToString(CultureInfo.InvariantCulture) + ".response.json");
}

/// <summary>A process's request for PRs to be served in standby slots.</summary>
/// <param name="Pid">The asking process; the request ends with it.</param>
/// <param name="PullRequests">The PRs, all or none of which are served.</param>
public sealed record StandbyRequest(int Pid, int[] PullRequests);

/// <summary>The AppHost's answer to a <see cref="StandbyRequest"/>.</summary>
/// <param name="Status">Where the request stands.</param>
/// <param name="Message">One line for the asker's user.</param>
public sealed record StandbyResponse(StandbyStatus Status, string Message);

/// <summary>Where a standby request stands.</summary>
public enum StandbyStatus
{
    /// <summary>Slots are assigned; the PRs are being provisioned and started.</summary>
    Starting,

    /// <summary>Every PR of the request answers on the router.</summary>
    Ready,

    /// <summary>Not enough free slots; nothing was started. The asker may start the PRs another way.</summary>
    NoFreeSlot,

    /// <summary>The request cannot be served (a PR already runs, provisioning failed); the message says why.</summary>
    Failed,
}
