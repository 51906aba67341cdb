using PreviewAspire.Naming;

namespace PreviewAspire.Hosting;

/// <summary>What one AppHost run previews and how, after validation.</summary>
/// <param name="PullRequests">The PRs to preview, distinct and ascending.</param>
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
    /// How many standby slots this AppHost declares: previews it starts within seconds for PRs that a later
    /// <c>--pr</c> run on the same state directory asks for, instead of that run starting an orchestrator of its own.
    /// </summary>
    public int StandbySlots { get; init; } = DefaultStandbySlots;

    /// <summary>The number of standby slots when none is given.</summary>
    public const int DefaultStandbySlots = 2;

    /// <summary>The router port used when none is given.</summary>
    public const int DefaultRouterPort = 8080;
}
