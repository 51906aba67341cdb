using PreviewAspire.Provisioning;

namespace PreviewAspire.Cli;

/// <summary>One request to the running host and its one answer.</summary>
internal static class HostRequests
{
    /// <summary>Sends <paramref name="request"/> on a fresh connection to <paramref name="workspace"/>'s host; null when no host runs.</summary>
    public static async Task<HostEvent?> AskAsync(Workspace workspace, HostRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await workspace.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return null;
        }

        await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await connection.ReadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new CliException("The preview host closed the connection without answering; its output says why.");
    }
}
