using System.Net;
using System.Net.Sockets;

namespace PreviewAspire.Router.Tests;

internal static class LoopbackPorts
{
    /// <summary>A port free on 127.0.0.1 right now (the OS picks it; a race with other processes is possible but unlikely).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
