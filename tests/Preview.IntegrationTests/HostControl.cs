using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// Serving and releasing a PR on the shared stack's host over its control socket, as a detached client does
/// (<c>preview up --detach</c>, <c>preview down</c>), for tests that need a PR served beside PRs 7 and 8.
/// </summary>
internal static class HostControl
{
    /// <summary>The shared stack's one slot, where every PR asked for while it runs is served.</summary>
    public const string Slot = "slot1";

    /// <summary>
    /// Asks the host to serve <paramref name="pullRequest"/> until released, forking <paramref name="fork"/> (or every
    /// service), and returns the preview once it is ready.
    /// </summary>
    public static async Task<ServedPreview> ServeDetachedAsync(this PreviewStackFixture stack, PullRequestId pullRequest, IReadOnlyList<string>? fork = null)
    {
        await using var connection = await ConnectAsync(stack);
        await connection.SendAsync(new HostRequest(HostVerbs.Serve, [pullRequest.ToString()], Detach: true, Fork: fork), CancellationToken.None);
        HostEvent? message;
        do
        {
            message = await connection.ReadAsync(CancellationToken.None);
        }
        while (message?.Kind == HostEventKinds.Progress);

        Assert.True(message?.Kind == HostEventKinds.Ready, message?.Message);
        return Assert.Single(message!.Previews!);
    }

    /// <summary>Asks the host to release <paramref name="pullRequest"/>, then waits until the slot is idle again.</summary>
    public static async Task ReleaseAsync(this PreviewStackFixture stack, PullRequestId pullRequest)
    {
        await using (var connection = await ConnectAsync(stack))
        {
            await connection.SendAsync(new HostRequest(HostVerbs.Release, [pullRequest.ToString()]), CancellationToken.None);
            Assert.Equal(HostEventKinds.Released, (await connection.ReadAsync(CancellationToken.None))?.Kind);
        }

        await stack.WaitForIdleSlotAsync();
    }

    /// <summary>Waits until the shared stack's slot serves nothing.</summary>
    public static Task WaitForIdleSlotAsync(this PreviewStackFixture stack) =>
        stack.App.ResourceNotifications.WaitForResourceAsync(Slot, e => e.Snapshot.State?.Text == "Idle").WaitAsync(TimeSpan.FromSeconds(30));

    private static async Task<HostConnection> ConnectAsync(PreviewStackFixture stack) =>
        await HostConnection.TryConnectAsync(PreviewStateDirectory.Resolve(stack.StateDirectory, "/"), CancellationToken.None)
        ?? throw new InvalidOperationException($"No preview host listens on {stack.StateDirectory}.");
}
