using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// The dashboard's (and the Aspire CLI's <c>aspire resource &lt;preview&gt; serve|release</c>) way to serve and release a
/// PR: commands on every preview and slot that call <see cref="PreviewHostService"/>, the same rules as every other path.
/// </summary>
internal static class PreviewCommands
{
    /// <summary>The command that serves a PR.</summary>
    public const string Serve = "serve";

    /// <summary>The command that releases the PR a preview serves.</summary>
    public const string Release = "release";

    private const string PullRequestArgument = "pr";

    private const string ForkArgument = "fork";

    /// <summary>Adds <see cref="Serve"/> and <see cref="Release"/> to <paramref name="preview"/>.</summary>
    public static IResourceBuilder<T> WithServeAndReleaseCommands<T>(this IResourceBuilder<T> preview)
        where T : PreviewResource
    {
        var bound = preview.Resource.BoundPullRequest;
        var serveOptions = new CommandOptions
        {
            Description = bound is { } pr ? $"Serve PR {pr} again in {preview.Resource.Name}." : $"Serve a PR in {preview.Resource.Name}.",
            IconName = "Play",
            IsHighlighted = true,
            UpdateState = context => IsIdle(context.ResourceSnapshot) ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
            Arguments =
            [
                .. bound is null
                    ? new[] { new InteractionInput { Name = PullRequestArgument, Label = "PR number", InputType = InputType.Text, Required = true, Placeholder = "42" } }
                    : [],
                new InteractionInput
                {
                    Name = ForkArgument, Label = "Services to fork", InputType = InputType.Text, Required = false, Placeholder = "frontend,api",
                    Description = "Comma-separated; the rest come from the baseline. Empty forks every service.",
                },
            ],
        };
        preview.WithCommand(Serve, bound is null ? "Serve a PR" : "Serve", async context =>
        {
            var requested = bound?.ToString() ?? context.Arguments.GetString(PullRequestArgument);
            var fork = context.Arguments.GetString(ForkArgument);
            var forks = string.IsNullOrWhiteSpace(fork) ? ForkRequest.Everything : new ForkRequest(PreviewCommandLine.ParseFork(fork), null);
            var outcome = await Host(context).ServeAsync([requested ?? string.Empty], new PreviewLease("a resource command (dashboard or Aspire CLI)", Detached: true), _ => { }, context.CancellationToken, forks).ConfigureAwait(false);
            return outcome.Kind == HostEventKinds.Ready ? CommandResults.Success(outcome.Message) : CommandResults.Failure(outcome.Message);
        }, serveOptions);

        preview.WithCommand(Release, "Release", async context =>
        {
            var outcome = await Host(context).ReleaseAsync(preview.Resource).ConfigureAwait(false);
            return outcome.Kind == HostEventKinds.Released ? CommandResults.Success(outcome.Message) : CommandResults.Failure(outcome.Message);
        }, new CommandOptions
        {
            Description = $"Stop serving the PR in {preview.Resource.Name}: its routes are withdrawn and its services stopped; its data is kept.",
            IconName = "Stop",
            UpdateState = context => IsIdle(context.ResourceSnapshot) ? ResourceCommandState.Disabled : ResourceCommandState.Enabled,
        });
        return preview;
    }

    private static PreviewHostService Host(ExecuteCommandContext context) => context.Services.GetRequiredService<PreviewHostService>();

    private static bool IsIdle(CustomResourceSnapshot snapshot) => snapshot.State?.Text == "Idle";
}
