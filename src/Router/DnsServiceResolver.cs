using System.Net;
using System.Net.Sockets;

namespace PreviewAspire.Router;

/// <summary>Resolves through the system's DNS (in a pod, the cluster's).</summary>
public sealed class DnsServiceResolver : IServiceResolver
{
    /// <inheritdoc />
    public async ValueTask<bool> ResolvesAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return (await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false)).Length > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
