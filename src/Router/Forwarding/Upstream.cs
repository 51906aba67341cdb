using System.Net;

namespace PreviewAspire.Router.Forwarding;

/// <summary>
/// A replica's address and its pool of kept-alive connections. Connections are reused most recently used first, so the
/// ones the load needs stay warm and the rest age out (<see cref="Sweep"/>).
/// </summary>
internal sealed class Upstream(IPEndPoint endPoint)
{
    private readonly Lock _lock = new();
    private readonly Stack<UpstreamConnection> _idle = new();
    private readonly HashSet<UpstreamConnection> _all = [];

    /// <summary>The replica's address.</summary>
    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>The <c>Host</c> the replica is sent (its <c>address:port</c>, as YARP sends it).</summary>
    public string Authority { get; } = endPoint.ToString();

    /// <summary>When a request last used this upstream (<see cref="Environment.TickCount64"/>).</summary>
    public long LastUsed { get; private set; } = Environment.TickCount64;

    /// <summary>Takes an idle connection, or null when there is none.</summary>
    public UpstreamConnection? TryRent()
    {
        lock (_lock)
        {
            LastUsed = Environment.TickCount64;
            return _idle.TryPop(out var connection) ? connection : null;
        }
    }

    /// <summary>Opens a new connection, tracked until it is discarded.</summary>
    public async ValueTask<UpstreamConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await UpstreamConnection.ConnectAsync(EndPoint, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _all.Add(connection);
        }

        return connection;
    }

    /// <summary>Puts a connection whose response was read whole back in the pool.</summary>
    public void Return(UpstreamConnection connection)
    {
        connection.End();
        lock (_lock)
        {
            if (!connection.Aborted)
            {
                _idle.Push(connection);
                return;
            }
        }

        Discard(connection);
    }

    /// <summary>Closes a connection that cannot carry another request.</summary>
    public void Discard(UpstreamConnection connection)
    {
        lock (_lock)
        {
            _all.Remove(connection);
        }

        connection.Dispose();
    }

    /// <summary>
    /// Ends connections that have waited on the replica longer than <paramref name="requestTimeout"/> (the request then
    /// fails with a timeout), whose client went away, or that sat idle longer than <paramref name="idleTimeout"/>.
    /// Returns false when the upstream has no connection left and has not been used for <paramref name="idleTimeout"/>.
    /// </summary>
    public bool Sweep(long now, long requestTimeout, long idleTimeout)
    {
        List<UpstreamConnection>? stale = null;
        lock (_lock)
        {
            foreach (var connection in _all)
            {
                if (connection.Busy)
                {
                    if (connection.ClientGone)
                    {
                        connection.Abort(timedOut: false);
                    }
                    else if (now - connection.LastActive > requestTimeout)
                    {
                        connection.Abort(timedOut: true);
                    }
                }
                else if (now - connection.LastActive > idleTimeout)
                {
                    (stale ??= []).Add(connection);
                }
            }

            if (stale is not null)
            {
                var keep = _idle.Where(c => !stale.Contains(c)).Reverse().ToArray();
                _idle.Clear();
                foreach (var connection in keep)
                {
                    _idle.Push(connection);
                }

                foreach (var connection in stale)
                {
                    _all.Remove(connection);
                    connection.Dispose();
                }
            }

            return _all.Count > 0 || now - LastUsed <= idleTimeout;
        }
    }
}
