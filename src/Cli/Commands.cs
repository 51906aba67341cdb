using System.Diagnostics;
using System.Globalization;
using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;
using Spectre.Console;

namespace PreviewAspire.Cli;

/// <summary>The verbs of the <c>preview</c> tool.</summary>
internal static class Commands
{
    public const string Usage = """
        usage: preview <command> [options]
          up <pr>... [--detach] [--fork <service,...> | --changed-from <git ref>] [apphost options]
                                         serve these PRs: through the running host (Ctrl+C releases them; with
                                         --detach they stay until 'down'), or by starting a host for them. They
                                         fork the named services, or those their diff touches, else every one
          down <pr>                      release the PR if served, then remove everything it created from the
                                         local engines (safe to repeat)
          list                           show provisioned previews: state, where served, created, last used, database size
          gc --older-than <age>          tear down previews unused for longer than <age> (30m, 12h, 7d, 2w)
        options: --state-dir <path>      state directory (default: .preview/ at the repository root)
        """;

    public static async Task<int> UpAsync(Workspace workspace, IReadOnlyList<string> args, CancellationToken stop)
    {
        var prs = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (prs.Count == 0)
        {
            throw new CliException($"up needs at least one PR; expected {PullRequestId.AcceptedForm}.", 2);
        }

        var detach = args.Contains("--detach");
        var forks = ForkArguments.Read(args);
        await using (var connection = await workspace.ConnectAsync(stop).ConfigureAwait(false))
        {
            if (connection is not null)
            {
                // The host validates the PR ids and service names itself, like every other request it gets.
                return await HostClient.ServeAsync(connection, prs, detach, Console.Out, Console.Error, stop, forks.Fork, forks.Changed).ConfigureAwait(false);
            }
        }

        if (detach)
        {
            throw new CliException($"No preview host runs on {workspace.State.Root}, and --detach needs one to keep the PRs: start one first (eng/run.sh, or 'preview up {string.Join(' ', prs)}' without --detach).", 3);
        }

        var appHostArgs = new List<string> { "run", "--project", workspace.AppHostProject, "--no-launch-profile", "--" };
        foreach (var pr in prs)
        {
            appHostArgs.AddRange(["--pr", ParsePullRequest(pr).ToString()]);
        }

        appHostArgs.AddRange(["--state-dir", workspace.State.Root]);
        appHostArgs.AddRange(args.Skip(prs.Count));
        using var appHost = Process.Start("dotnet", appHostArgs) ?? throw new CliException("Could not start 'dotnet'; is the .NET SDK on PATH?");
        await appHost.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return appHost.ExitCode;
    }

    public static async Task<int> DownAsync(Workspace workspace, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 1)
        {
            throw new CliException($"down takes exactly one PR; expected {PullRequestId.AcceptedForm}.", 2);
        }

        var pr = ParsePullRequest(args[0]);
        if (await HostRequests.AskAsync(workspace, new HostRequest(HostVerbs.Release, [pr.ToString()]), cancellationToken).ConfigureAwait(false) is { Kind: HostEventKinds.Released } released)
        {
            AnsiConsole.MarkupLineInterpolated($"{released.Message}");
        }

        return await WithEnginesAsync(workspace, cancellationToken, async (session, provisioner) =>
        {
            var known = (await provisioner.Postgres.ListAsync(cancellationToken).ConfigureAwait(false)).Any(p => p.PullRequest == pr);

            await provisioner.TeardownAsync(pr, cancellationToken).ConfigureAwait(false);
            workspace.Secrets.Delete(pr.Names.Slug);
            AnsiConsole.MarkupLine(known
                ? $"[green]PR {pr} removed:[/] database {pr.Names.Database}, role, Redis user and keys {pr.Names.RedisKeyPrefix}*, RabbitMQ vhost {pr.Names.RabbitMqVirtualHost} and user, credentials."
                : $"PR {pr} had nothing left to remove.");
            return 0;
        }).ConfigureAwait(false);
    }

    public static Task<int> ListAsync(Workspace workspace, CancellationToken cancellationToken) =>
        WithEnginesAsync(workspace, cancellationToken, async (session, provisioner) =>
        {
            var provisioned = (await provisioner.Postgres.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.PullRequest.Value);
            // A PR that forks no service owning data has no database, yet is served.
            var pullRequests = provisioned.Keys.Union(session.Served.Select(s => s.PullRequest)).Order().ToList();
            if (pullRequests.Count == 0)
            {
                AnsiConsole.MarkupLine("No previews are provisioned or served.");
                return 0;
            }

            var table = new Table().AddColumns("PR", "state", "served in", "held by", "forks", "awake", "memory", "created", "last used", "database");
            foreach (var pullRequest in pullRequests)
            {
                var preview = provisioned.GetValueOrDefault(pullRequest);
                var served = session.Served.FirstOrDefault(s => s.PullRequest == pullRequest);
                var state = served is null ? "stopped" : $"[green]{served.State}[/]";
                table.AddRow(pullRequest.ToString(CultureInfo.InvariantCulture), state, served?.Place ?? "", Markup.Escape(served?.HeldBy ?? ""),
                    Markup.Escape(served?.Forks is { } forks ? (forks.Count == 0 ? "none" : string.Join(", ", forks)) : ""),
                    served?.AwakeSeconds is { } awake ? FormatAwake(awake) : "", served?.MemoryBytes is { } memory ? $"{memory / 1024.0 / 1024.0:F0} MB" : "",
                    preview is null ? "" : Format(preview.CreatedAt), preview is null ? "" : Format(preview.LastUsedAt),
                    preview is null ? "none (uses the baseline's)" : preview.DatabaseBytes is { } bytes ? $"{bytes / 1024.0 / 1024.0:F1} MB" : "[red]missing[/]");
            }

            // Piped output gets Spectre's 80 columns, which would wrap every cell of this wide table.
            if (Console.IsOutputRedirected)
            {
                AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
            }

            AnsiConsole.Write(table);
            foreach (var served in session.Served.Where(s => s.ForkReasons is { Count: > 0 }).OrderBy(s => s.PullRequest))
            {
                AnsiConsole.MarkupLineInterpolated($"PR {served.PullRequest} forks {(served.Forks is { Count: > 0 } f ? string.Join(", ", f) : "nothing")} because:");
                foreach (var reason in served.ForkReasons!)
                {
                    AnsiConsole.MarkupLineInterpolated($"  {reason}");
                }
            }

            return 0;
        });

    public static async Task<int> GcAsync(Workspace workspace, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var index = args.ToList().IndexOf("--older-than");
        var text = index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
        if (text is null)
        {
            throw new CliException("gc needs --older-than <age>, such as 7d.", 2);
        }

        if (!DurationText.TryParse(text, out var olderThan, out var error))
        {
            throw new CliException(error, 2);
        }

        return await WithEnginesAsync(workspace, cancellationToken, async (session, provisioner) =>
        {
            var now = DateTimeOffset.UtcNow;
            var stale = PreviewGarbageCollector.SelectStale(await provisioner.Postgres.ListAsync(cancellationToken).ConfigureAwait(false), now, olderThan)
                .Where(p => !session.Served.Any(s => s.PullRequest == p.PullRequest.Value))
                .ToList();
            foreach (var preview in stale)
            {
                await provisioner.TeardownAsync(preview.PullRequest, cancellationToken).ConfigureAwait(false);
                workspace.Secrets.Delete(preview.PullRequest.Names.Slug);
                AnsiConsole.MarkupLine($"removed PR {preview.PullRequest} (last used {Format(preview.LastUsedAt)})");
            }

            AnsiConsole.MarkupLine($"gc: {stale.Count} preview(s) unused for more than {text} removed.");
            return 0;
        }).ConfigureAwait(false);
    }

    private static async Task<int> WithEnginesAsync(Workspace workspace, CancellationToken cancellationToken, Func<EngineSession, PreviewProvisioner, Task<int>> action)
    {
        EngineSession? session = null;
        await AnsiConsole.Status().StartAsync("connecting to the local engines", async context =>
        {
            session = await EngineSession.OpenAsync(workspace, message => context.Status(message), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await using (session!.ConfigureAwait(false))
        {
            using var provisioner = new PreviewProvisioner(session!.Engines, schema: null);
            return await action(session, provisioner).ConfigureAwait(false);
        }
    }

    private static PullRequestId ParsePullRequest(string text) =>
        PullRequestId.TryParse(text, out var id, out var error) ? id : throw new CliException(error, 2);

    private static string FormatAwake(double seconds) => seconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s")
        : PreviewCost.AwakeText(TimeSpan.FromSeconds(seconds));

    private static string Format(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
