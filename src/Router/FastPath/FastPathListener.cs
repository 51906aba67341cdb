using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace PreviewAspire.Router.FastPath;

/// <summary>
/// Kestrel's listener for the public port when the fast path is on: the port's connections go to the fast path's event
/// loops (two per core by default), and Kestrel accepts only those the loops hand over, untouched: requests with a body, upgrades,
/// HTTP/1.0 and HTTP/2 clients, unknown hosts, and everything else not plain (see <see cref="PlainRequest"/>).
/// </summary>
internal sealed class FastPathListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly EventLoop[] _loops;
    private readonly SocketConnectionContextFactory _contexts;
    private readonly Channel<ConnectionContext> _handedOff = Channel.CreateUnbounded<ConnectionContext>(new() { SingleReader = true });
    private bool _stopped;

    private FastPathListener(Socket socket, FastPathRouting routing, SocketConnectionContextFactory contexts, int loops)
    {
        _socket = socket;
        _contexts = contexts;
        EndPoint = socket.LocalEndPoint!;
        var fd = (int)socket.Handle;
        _loops = new EventLoop[loops];
        for (var i = 0; i < loops; i++)
        {
            _loops[i] = new EventLoop(fd, routing, HandOff, LeastLoaded, i);
        }

        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    /// <inheritdoc />
    public EndPoint EndPoint { get; }

    /// <summary>Binds <paramref name="endPoint"/> (as Kestrel's socket transport binds it) and starts <paramref name="loops"/> event loops.</summary>
    public static FastPathListener Bind(IPEndPoint endPoint, FastPathRouting routing, SocketConnectionContextFactory contexts, int backlog, int loops)
    {
        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
        try
        {
            socket.Listen(backlog);
            socket.Blocking = false;
            return new FastPathListener(socket, routing, contexts, loops);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _handedOff.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        // New connections are refused from here on; requests in flight on the loops go on until DisposeAsync.
        foreach (var loop in _loops)
        {
            loop.StopAccepting();
        }

        _handedOff.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_loops)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        _handedOff.Writer.TryComplete();
        // The loops finish the requests in flight (up to EventLoop.DrainMs), off Kestrel's thread.
        await Task.Run(() => Parallel.ForEach(_loops, loop => loop.Dispose())).ConfigureAwait(false);
        _socket.Dispose();
        while (_handedOff.Reader.TryRead(out var context))
        {
            context.Abort();
        }
    }

    private EventLoop LeastLoaded()
    {
        var least = _loops[0];
        for (var i = 1; i < _loops.Length; i++)
        {
            if (_loops[i].Clients < least.Clients)
            {
                least = _loops[i];
            }
        }

        return least;
    }

    // On an event loop's thread: the connection, untouched since it was accepted, becomes one of Kestrel's.
    private void HandOff(int fd)
    {
        Socket? socket = null;
        try
        {
            socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            if (!_handedOff.Writer.TryWrite(_contexts.Create(socket)))
            {
                socket.Dispose();
            }
        }
        catch (Exception)
        {
            // Whatever failed (out of descriptors or memory), the connection is closed: the client sees a reset, never a hang.
            if (socket is null)
            {
                LinuxSockets.Close(fd);
            }
            else
            {
                socket.Dispose();
            }
        }
    }
}
