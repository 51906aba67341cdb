using System.Net;

namespace PreviewAspire.Router.Forwarding;

/// <summary>
/// A replica's address and its pool of kept-alive connections. Connections are reused most recently used first, so the
/// ones the load needs stay warm and the rest age out (<see cref="Sweep"/>). With <paramref name="threadAffine"/>
/// (socket continuations run inline on their event thread) a request takes a connection whose events arrive on its own
/// thread, so forwarding never moves a request to another event thread halfway.
/// </summary>
internal sealed class Upstream(IPEndPoint endPoint, bool threadAffine)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, Stack<UpstreamConnection>> _idle = [];
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
            return _idle.TryGetValue(Key(Environment.CurrentManagedThreadId), out var idle) && idle.TryPop(out var connection) ? connection : null;
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
                var key = Key(connection.EventThread);
                if (!_idle.TryGetValue(key, out var idle))
                {
                    _idle[key] = idle = new Stack<UpstreamConnection>();
                }

                idle.Push(connection);
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

    private int Key(int thread) => threadAffine ? thread : 0;

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
                foreach (var idle in _idle.Values)
                {
                    var keep = idle.Where(c => !stale.Contains(c)).Reverse().ToArray();
                    idle.Clear();
                    foreach (var connection in keep)
                    {
                        idle.Push(connection);
                    }
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
