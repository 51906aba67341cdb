using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PreviewAspire.Provisioning;

/// <summary>Finds and checks TCP ports on 127.0.0.1.</summary>
public static class LoopbackPort
{
    // Below the kernel's ephemeral range, where it never picks the source port of an outgoing connection.
    private const int LowestPort = 10000;
    private static readonly Lock Handing = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port free right now that is also likely to stay free until it is bound, possibly much later (a preview's service
    /// starts when its PR is served): chosen outside the kernel's ephemeral range (<c>ip_local_port_range</c>), so that
    /// no outgoing connection on the machine takes it as its source port meanwhile, and never the same twice in this process.
    /// Falls back to a port from the kernel when none is found there.
    /// </summary>
    public static int Free()
    {
        var ephemeralLow = EphemeralRangeStart();
        lock (Handing)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(LowestPort, ephemeralLow);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }

            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var fallback = ((IPEndPoint)listener.LocalEndpoint).Port;
            HandedOut.Add(fallback);
            return fallback;
        }
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

    // Where the kernel's ephemeral range starts: Linux's default, 32768, unless /proc says otherwise.
    private static int EphemeralRangeStart()
    {
        try
        {
            var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
            return low > LowestPort + 1000 ? low : 32768;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
