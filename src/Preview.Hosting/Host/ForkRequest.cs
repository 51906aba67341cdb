using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>What a request to serve PRs says about what they fork: named services, changed files, or neither (everything).</summary>
/// <param name="Fork">Services named with <c>--fork</c>.</param>
/// <param name="Changed">Files changed since a ref (<c>--changed-from</c>).</param>
internal sealed record ForkRequest(IReadOnlyList<string>? Fork, ChangedFiles? Changed)
{
    /// <summary>Neither: every service is forked.</summary>
    public static readonly ForkRequest Everything = new(null, null);
}
