using PreviewAspire.Naming;

namespace PreviewAspire.Hosting;

/// <summary>What one AppHost run previews and how, after validation.</summary>
/// <param name="PullRequests">The PRs to preview from the start, distinct and ascending; may be empty.</param>
/// <param name="RouterPort">The loopback port the edge router listens on.</param>
/// <param name="Domain">The preview domain; hosts are <c>pr&lt;id&gt;.&lt;domain&gt;</c> and <c>pr&lt;id&gt;-api.&lt;domain&gt;</c>.</param>
/// <param name="Infrastructure">How the engines run.</param>
/// <param name="StateDirectory">Where local engine data and per-PR credentials live; null for the default <c>.preview/</c> at the repository root.</param>
public sealed record PreviewOptions(
    IReadOnlyList<PullRequestId> PullRequests,
    int RouterPort,
    string Domain,
    InfrastructureMode Infrastructure,
    string? StateDirectory)
{
    /// <summary>Run only the shared engines, no previews: what the <c>preview</c> CLI starts to manage previews while no AppHost runs.</summary>
    public bool EnginesOnly { get; init; }

    /// <summary>
    /// How many slots the host declares: previews it serves within seconds for PRs asked for while it runs (a later
    /// <c>--pr</c> run, <c>preview up</c>, the dashboard). An idle slot runs no process.
    /// </summary>
    public int Slots { get; init; } = DefaultSlots;

    /// <summary>
    /// How long a served preview may go without a request before the host puts it to sleep (its services stopped, its
    /// data and place kept; the next request wakes it); null (the default) keeps every preview awake.
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>
    /// Whether the host runs the baseline (services built from the checked-out code at <c>main.&lt;domain&gt;</c>) that
    /// serves every PR's unforked services. Without it every PR forks everything. Default true.
    /// </summary>
    public bool Baseline { get; init; } = true;

    /// <summary>
    /// The services the PRs of this run fork, by the model's service names (<c>--fork frontend,api</c>); null when not
    /// given. Validated against the model by the host; services that share data are added to it there.
    /// </summary>
    public IReadOnlyList<string>? Fork { get; init; }

    /// <summary>
    /// The git ref the PRs of this run are compared with (<c>--changed-from main</c>): the services they fork are decided
    /// from <c>git diff --name-only &lt;ref&gt;...HEAD</c> and the project graph; null when not given.
    /// </summary>
    public string? ChangedFrom { get; init; }

    /// <summary>
    /// Publish the baseline's manifests (<c>--pr main</c>, publish mode only): the model declares the baseline's services and
    /// data surfaces (names from <see cref="PreviewNames.Baseline"/>) instead of a PR's.
    /// </summary>
    public bool PublishBaseline { get; init; }

    /// <summary>The number of slots when none is given.</summary>
    public const int DefaultSlots = 8;

    /// <summary>The router port used when none is given.</summary>
    public const int DefaultRouterPort = 8080;
}
