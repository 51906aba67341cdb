using System.Net;
using System.Net.Sockets;

namespace PreviewAspire.Provisioning;

/// <summary>Finds and checks TCP ports on 127.0.0.1.</summary>
public static class LoopbackPort
{
    /// <summary>A port the operating system reports free right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when nothing listens on <paramref name="port"/> at 127.0.0.1.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
