using Aspire.Hosting;
using System.Globalization;
using System.Runtime.CompilerServices;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>What the preview extensions of one application builder work with: the validated options and the state directory.</summary>
/// <param name="Options">The validated preview options.</param>
/// <param name="State">The state directory; null in publish mode.</param>
public sealed record PreviewHostSettings(PreviewOptions Options, PreviewStateDirectory? State)
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, PreviewHostSettings> Attached = new();

    /// <summary>The public URL of a PR's <paramref name="surface"/> on the router, for example <c>http://pr9.preview.localhost:8080/</c>.</summary>
    public string PublicUrl(PullRequestId pullRequest, PreviewSurface surface) => PublicUrl(pullRequest.Names, surface);

    /// <summary>The public URL of a PR's <paramref name="surface"/>, or the baseline's (<c>http://main.preview.localhost:8080/</c>) when <paramref name="pullRequest"/> is null.</summary>
    public string PublicUrl(PullRequestId? pullRequest, PreviewSurface surface) => PublicUrl(pullRequest?.Names ?? PreviewNames.Baseline, surface);

    private string PublicUrl(PreviewNames names, PreviewSurface surface) =>
        $"http://{names.Host(surface, Options.Domain)}:{Options.RouterPort.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>Makes these the settings of <paramref name="builder"/>'s preview extensions.</summary>
    public void AttachTo(IDistributedApplicationBuilder builder) => Attached.AddOrUpdate(builder, this);

    /// <summary>The settings attached to <paramref name="builder"/>.</summary>
    /// <exception cref="InvalidOperationException">None were attached (the builder was not made by <see cref="PreviewHost.CreateBuilder"/>).</exception>
    public static PreviewHostSettings Of(IDistributedApplicationBuilder builder) =>
        Attached.TryGetValue(builder, out var settings)
            ? settings
            : throw new InvalidOperationException("This builder has no preview settings; create it with PreviewHost.CreateBuilder(args) or attach PreviewHostSettings first.");
}
