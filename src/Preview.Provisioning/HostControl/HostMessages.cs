using System.Text.Json;
using System.Text.Json.Serialization;

namespace PreviewAspire.Provisioning;

/// <summary>
/// What a client asks the preview host over its control socket, one JSON object per line. PR ids travel as text so the
/// host, which holds every rule, is the one that validates them.
/// </summary>
/// <param name="Verb">One of <see cref="HostVerbs"/>.</param>
/// <param name="PullRequests">The PRs to serve or release.</param>
/// <param name="Detach">For <see cref="HostVerbs.Serve"/>: keep the PRs served after this connection ends, until released or the host stops.</param>
/// <param name="Client">Who asks, for the host's messages, for example <c>eng/run.sh (pid 4242)</c>.</param>
/// <param name="Fork">For <see cref="HostVerbs.Serve"/>: the services the PRs fork (<c>--fork api</c>); the host adds those that share data with them.</param>
/// <param name="Changed">For <see cref="HostVerbs.Serve"/>: the PRs' changed files (<c>--changed-from</c>), from which the host decides what they fork.</param>
/// <remarks>With neither <paramref name="Fork"/> nor <paramref name="Changed"/>, the PRs fork every service.</remarks>
public sealed record HostRequest(
    string Verb, IReadOnlyList<string>? PullRequests = null, bool Detach = false, string? Client = null,
    IReadOnlyList<string>? Fork = null, ChangedFiles? Changed = null);

/// <summary>What a PR changed, as the client read it from git: <c>git diff --name-only &lt;From&gt;...HEAD</c>.</summary>
/// <param name="From">The ref compared with, for the reasons shown to the user.</param>
/// <param name="Files">Repository-relative paths with '/' separators.</param>
public sealed record ChangedFiles(string From, IReadOnlyList<string> Files);

/// <summary>The verbs of <see cref="HostRequest"/>.</summary>
public static class HostVerbs
{
    /// <summary>Serve PRs; without <see cref="HostRequest.Detach"/>, for as long as the connection stays open.</summary>
    public const string Serve = "serve";

    /// <summary>Stop serving PRs, whoever asked for them.</summary>
    public const string Release = "release";

    /// <summary>The previews the host serves.</summary>
    public const string List = "list";

    /// <summary>Administrator access to the host's engines, for the <c>preview</c> CLI's teardown and listing.</summary>
    public const string Engines = "engines";
}

/// <summary>One thing the host tells a client: progress, an outcome, or an answer.</summary>
/// <param name="Kind">One of <see cref="HostEventKinds"/>.</param>
/// <param name="Message">One line for the client's user.</param>
/// <param name="Previews">For ready and list: the previews concerned.</param>
/// <param name="Engines">For engines: the engines' administrator connections.</param>
/// <param name="Dashboard">For ready and list: where the host's dashboard is, when it has one.</param>
public sealed record HostEvent(
    string Kind,
    string? Message = null,
    IReadOnlyList<ServedPreview>? Previews = null,
    EngineConnections? Engines = null,
    string? Dashboard = null);

/// <summary>The kinds of <see cref="HostEvent"/>.</summary>
public static class HostEventKinds
{
    /// <summary>A step of serving; more follows.</summary>
    public const string Progress = "progress";

    /// <summary>Every requested PR answers through the router.</summary>
    public const string Ready = "ready";

    /// <summary>The request is malformed or names a bad PR id; nothing was started.</summary>
    public const string Invalid = "invalid";

    /// <summary>The request breaks a rule (already served, no free slot, host stopping); nothing was started.</summary>
    public const string Refused = "refused";

    /// <summary>Serving failed part-way; what was started is released again.</summary>
    public const string Failed = "failed";

    /// <summary>The PRs are no longer served.</summary>
    public const string Released = "released";

    /// <summary>The host is stopping, and with it every preview.</summary>
    public const string Stopping = "stopping";

    /// <summary>The answer to <see cref="HostVerbs.List"/>.</summary>
    public const string List = "list";

    /// <summary>The answer to <see cref="HostVerbs.Engines"/>.</summary>
    public const string Engines = "engines";
}

/// <summary>A preview the host serves.</summary>
/// <param name="PullRequest">The PR.</param>
/// <param name="Place">The dashboard resource serving it: <c>pr7</c> for a PR the host started with, <c>slot3</c> for a slot.</param>
/// <param name="State">starting, serving, sleeping, waking or releasing.</param>
/// <param name="HeldBy">
/// Who keeps it served: <c>the host</c> (a PR it started with), <c>the preview host, AppHost.dll (pid N)</c> (served detached),
/// a resource command, or the client whose connection holds it (<c>eng/run.sh (pid N)</c>).
/// </param>
/// <param name="Frontend">The frontend's public URL.</param>
/// <param name="Api">The API's public URL.</param>
/// <param name="ServedSince">When serving started.</param>
/// <param name="AwakeSeconds">How long its services have run since serving started (sleeping time not counted); null from an older host.</param>
/// <param name="MemoryBytes">The proportional set size (PSS) of its processes now; null when not measured.</param>
/// <param name="Forks">The services the PR forks (the rest come from the baseline); null from an older host.</param>
/// <param name="ForkReasons">Why it forks them, one line per cause.</param>
public sealed record ServedPreview(
    int PullRequest, string Place, string State, string HeldBy, string Frontend, string Api, DateTimeOffset ServedSince,
    double? AwakeSeconds = null, long? MemoryBytes = null, IReadOnlyList<string>? Forks = null, IReadOnlyList<string>? ForkReasons = null);

/// <summary>The wire format of the control socket: UTF-8 JSON, one message per line.</summary>
public static class HostWire
{
    /// <summary>The longest line either side accepts; anything longer is not a message.</summary>
    public const int MaxLineLength = 256 * 1024;

    /// <summary>The serializer settings of every message.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One message as a line (with its newline).</summary>
    public static string Line<T>(T message) => JsonSerializer.Serialize(message, Options) + "\n";
}
