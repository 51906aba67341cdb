using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>What the router tells a client when a preview's replica did not answer, on every forwarding path.</summary>
internal static class ReplicaMessages
{
    /// <summary>A client may try again after this many seconds: a replica that does not answer is usually still starting.</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>The 502 body: which surface of which preview did not answer, and why (a forwarding error's name).</summary>
    public static string DidNotAnswer(PreviewSurface surface, PullRequestId pullRequest, bool baseline, string error) => baseline
        ? $"The {surface.ToString().ToLowerInvariant()} of the baseline did not answer ({error}); it may be starting or stopped."
        : $"The {surface.ToString().ToLowerInvariant()} of PR {pullRequest}'s preview did not answer ({error}); it may be starting or stopped.";
}
