using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>How previews and their children read in the dashboard.</summary>
internal static class PreviewStates
{
    /// <summary>The property naming the PR a preview serves.</summary>
    public const string PullRequestProperty = "preview.pullRequest";

    /// <summary>The property telling who keeps a preview served.</summary>
    public const string HeldByProperty = "preview.heldBy";

    /// <summary>The property saying which services the PR forks (the rest come from the baseline).</summary>
    public const string ForksProperty = "preview.forks";

    /// <summary>The property saying why the PR forks what it forks.</summary>
    public const string ForkReasonsProperty = "preview.forkReasons";

    /// <summary>A preview or data surface that serves no PR: no process runs for it.</summary>
    public static CustomResourceSnapshot Idle(string resourceType) => new()
    {
        ResourceType = resourceType,
        State = new ResourceStateSnapshot("Idle", KnownResourceStateStyles.Info),
        Properties = [],
    };
}
