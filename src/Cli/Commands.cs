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
          up <pr>... [--detach] [apphost options]
                                         serve these PRs: through the running host (Ctrl+C releases them; with
                                         --detach they stay until 'down'), or by starting a host for them
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
        await using (var connection = await workspace.ConnectAsync(stop).ConfigureAwait(false))
        {
            if (connection is not null)
            {
                // The host validates the PR ids itself, like every other request it gets.
                return await HostClient.ServeAsync(connection, prs, detach, Console.Out, Console.Error, stop).ConfigureAwait(false);
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
            var previews = await provisioner.Postgres.ListAsync(cancellationToken).ConfigureAwait(false);
            if (previews.Count == 0)
            {
                AnsiConsole.MarkupLine("No previews are provisioned.");
                return 0;
            }

            var table = new Table().AddColumns("PR", "state", "served in", "held by", "awake", "memory", "created", "last used", "database");
            foreach (var preview in previews)
            {
                var served = session.Served.FirstOrDefault(s => s.PullRequest == preview.PullRequest.Value);
                var state = served is null ? "stopped" : $"[green]{served.State}[/]";
                table.AddRow(preview.PullRequest.ToString(), state, served?.Place ?? "", Markup.Escape(served?.HeldBy ?? ""),
                    served?.AwakeSeconds is { } awake ? FormatAwake(awake) : "", served?.MemoryBytes is { } memory ? $"{memory / 1024.0 / 1024.0:F0} MB" : "",
                    Format(preview.CreatedAt), Format(preview.LastUsedAt),
                    preview.DatabaseBytes is { } bytes ? $"{bytes / 1024.0 / 1024.0:F1} MB" : "[red]missing[/]");
            }

            // Piped output gets Spectre's 80 columns, which would wrap every cell of this wide table.
            if (Console.IsOutputRedirected)
            {
                AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
            }

            AnsiConsole.Write(table);
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
