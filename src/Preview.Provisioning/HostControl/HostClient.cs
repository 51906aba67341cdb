namespace PreviewAspire.Provisioning;

/// <summary>
/// A later run's side of serving PRs through the running host (<c>eng/run.sh --pr 9</c>, the AppHost, <c>preview up 9</c>):
/// asks, streams progress, prints the URLs once the PRs are served, and keeps them served until stopped.
/// </summary>
public static class HostClient
{
    /// <summary>Exit code when the host refused the request because of bad input.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code when the host refused or failed the request, or stopped.</summary>
    public const int NotServed = 3;

    private static readonly TimeSpan ReleasePatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Asks the host on <paramref name="connection"/> to serve <paramref name="pullRequests"/>. Without
    /// <paramref name="detach"/> they stay served until <paramref name="stop"/> is signalled (then released before this
    /// returns) or the host stops; with it, this returns once they are served. Returns the process exit code. They fork
    /// the services named in <paramref name="fork"/>, or those the <paramref name="changed"/> files touch, or else everything.
    /// </summary>
    public static async Task<int> ServeAsync(
        HostConnection connection, IReadOnlyList<string> pullRequests, bool detach, TextWriter output, TextWriter error, CancellationToken stop,
        IReadOnlyList<string>? fork = null, ChangedFiles? changed = null)
    {
        await connection.SendAsync(new HostRequest(HostVerbs.Serve, pullRequests, detach, ProcessLabel.Current, fork, changed), CancellationToken.None).ConfigureAwait(false);
        var next = connection.ReadAsync(CancellationToken.None);
        while (true)
        {
            var completed = await Task.WhenAny(next, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
            if (completed != next)
            {
                return await ReleaseAsync(connection, next, output, error).ConfigureAwait(false);
            }

            var message = await next.ConfigureAwait(false);
            switch (message?.Kind)
            {
                case null:
                    await error.WriteLineAsync("The preview host closed the connection; its output says why.").ConfigureAwait(false);
                    return NotServed;
                case HostEventKinds.Progress:
                    await output.WriteLineAsync(message.Message).ConfigureAwait(false);
                    break;
                case HostEventKinds.Ready:
                    await output.WriteLineAsync(Banner(message, detach)).ConfigureAwait(false);
                    if (detach)
                    {
                        return 0;
                    }

                    break;
                case HostEventKinds.Invalid:
                    await error.WriteLineAsync(message.Message).ConfigureAwait(false);
                    return BadInput;
                case HostEventKinds.Released:
                    await output.WriteLineAsync(message.Message).ConfigureAwait(false);
                    return NotServed;
                default:
                    await error.WriteLineAsync(message.Message).ConfigureAwait(false);
                    return NotServed;
            }

            next = connection.ReadAsync(CancellationToken.None);
        }
    }

    /// <summary>The URLs of the served previews, the dashboard, and how to stop.</summary>
    public static string Banner(HostEvent ready, bool detached)
    {
        var lines = new List<string> { "", "The preview host serves:" };
        foreach (var preview in ready.Previews ?? [])
        {
            lines.Add($"  PR {preview.PullRequest,-6} frontend  {preview.Frontend}");
            lines.Add($"  {"",-9} api       {preview.Api}");
            lines.Add($"  {"",-9} in        {preview.Place}");
            if (preview.Forks is { } forks)
            {
                lines.Add($"  {"",-9} forks     {(forks.Count == 0 ? "nothing (all from the baseline)" : string.Join(", ", forks))}");
            }
        }

        if (ready.Dashboard is { } dashboard)
        {
            lines.Add($"  dashboard        {dashboard}");
        }

        lines.Add(detached
            ? "They stay served until 'preview down <pr>' or the host stops."
            : "Ctrl+C releases them; the host and its other previews keep running.");
        return string.Join(Environment.NewLine, lines);
    }

    // The lease ends with the connection; the host releases the PRs, says so and closes. Waiting for that means that when
    // this process has exited, the PRs are no longer served.
    private static async Task<int> ReleaseAsync(HostConnection connection, Task<HostEvent?> next, TextWriter output, TextWriter error)
    {
        await output.WriteLineAsync("Releasing the PRs.").ConfigureAwait(false);
        connection.EndLease();
        using var patience = new CancellationTokenSource(ReleasePatience);
        try
        {
            while (await next.WaitAsync(patience.Token).ConfigureAwait(false) is { } message)
            {
                if (message.Kind is HostEventKinds.Released or HostEventKinds.Stopping)
                {
                    await output.WriteLineAsync(message.Message).ConfigureAwait(false);
                    return 0;
                }

                next = connection.ReadAsync(CancellationToken.None);
            }

            return 0;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            await error.WriteLineAsync($"The host did not confirm the release within {ReleasePatience.TotalSeconds:0} s ({ex.Message}); it releases the PRs when it sees this connection closed.").ConfigureAwait(false);
            return NotServed;
        }
    }
}
