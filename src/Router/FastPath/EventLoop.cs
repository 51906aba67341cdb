using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using PreviewAspire.Router.Forwarding;

namespace PreviewAspire.Router.FastPath;

/// <summary>
/// One thread forwarding plain requests with epoll, as nginx's workers do: it accepts client connections from the shared
/// listening socket, reads each request head without taking it off the socket (MSG_PEEK), and either forwards it over a
/// pooled replica connection of its own or hands the untouched connection to Kestrel. A request is taken off the socket
/// only once the replica has it, so until then Kestrel can always be handed the connection as the client sent it.
/// All sockets are edge-triggered; a read shorter than the buffer means the socket is drained, so no read ends in EAGAIN
/// in the common case. The hot methods are compiled fully optimized from the start: a loop runs for the life of the
/// router, and on busy CPUs the runtime's background tier-up reached them only after a minute or more.
/// </summary>
internal sealed unsafe class EventLoop : IDisposable
{
    // Kestrel's limits for what the fast path takes over.
    private const long HeadersTimeoutMs = 30_000;
    private const long KeepAliveTimeoutMs = 130_000;
    private const long IdleReplicaMs = 60_000;
    private const long ConnectTimeoutMs = 5_000;
    private const int DescriptorReserve = 32;

    /// <summary>How long a stopping loop waits for requests in flight.</summary>
    public const long DrainMs = 5_000;
    private const int MaxEvents = 256;
    private const ulong ListenerToken = 0;
    private const ulong WakeupToken = ulong.MaxValue;

    // Exclusive: a new connection wakes one loop, not all of them.
    private const uint ListenerEvents = LinuxSockets.EpollIn | LinuxSockets.EpollExclusive;
    private const uint ConnectionEvents = LinuxSockets.EpollIn | LinuxSockets.EpollOut | LinuxSockets.EpollRdHup | LinuxSockets.EpollEdgeTriggered;
    private const uint ClosedEvents = LinuxSockets.EpollRdHup | LinuxSockets.EpollHup | LinuxSockets.EpollErr;

    private readonly FastPathRouting _routing;
    private readonly Action<int> _handOff;
    private readonly Func<EventLoop> _leastLoaded;
    private readonly int _wakeup;
    private readonly System.Collections.Concurrent.ConcurrentQueue<(int Fd, IPAddress? Remote)> _adopted = new();
    private int _clients;
    private readonly int _listener;
    private readonly int _epoll;
    private readonly Thread _thread;
    private readonly List<object?> _slots = [null];
    private readonly Stack<int> _freeSlots = new();
    private readonly Dictionary<IPEndPoint, Stack<ReplicaConnection>> _idle = [];
    private readonly byte[] _peek = new byte[PlainRequest.MaxHead];
    private readonly PlainRequest _request = new();
    private uint _generation;
    private long _now = Environment.TickCount64;
    private long _nextSweep;
    private volatile bool _stopping;
    private volatile bool _unbound;
    private bool _accepting = true;
    private long _acceptAgainAt;

    /// <summary>Starts a loop on <paramref name="listener"/>; connections it does not serve are passed to <paramref name="handOff"/>.</summary>
    /// <param name="listener">The listening socket, shared by every loop.</param>
    /// <param name="routing">Where requests go.</param>
    /// <param name="handOff">Takes a connection the loop does not serve (on the loop's thread).</param>
    /// <param name="leastLoaded">The loop with the fewest connections, which each new connection goes to.</param>
    /// <param name="index">The loop's number, for its thread's name.</param>
    public EventLoop(int listener, FastPathRouting routing, Action<int> handOff, Func<EventLoop> leastLoaded, int index)
    {
        _listener = listener;
        _routing = routing;
        _handOff = handOff;
        _leastLoaded = leastLoaded;
        _epoll = LinuxSockets.CreateEpoll();
        _wakeup = LinuxSockets.CreateWakeup();
        if (_epoll < 0 || _wakeup < 0 ||
            !LinuxSockets.Watch(_epoll, listener, ListenerEvents, ListenerToken) ||
            !LinuxSockets.Watch(_epoll, _wakeup, LinuxSockets.EpollIn, WakeupToken))
        {
            throw new InvalidOperationException("The router's fast path could not create its epoll instance.");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"Router fast path {index}" };
    }

    /// <summary>Starts serving, on the loop's own thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>How many client connections the loop serves.</summary>
    public int Clients => Volatile.Read(ref _clients);

    /// <summary>Gives the loop a connection another loop accepted (any thread).</summary>
    public void Adopt(int fd, IPAddress? remote)
    {
        Interlocked.Increment(ref _clients);
        _adopted.Enqueue((fd, remote));
        LinuxSockets.Signal(_wakeup);
    }

    /// <summary>Stops taking new connections; those already served go on (any thread).</summary>
    public void StopAccepting()
    {
        _unbound = true;
        LinuxSockets.Signal(_wakeup);
    }

    /// <summary>
    /// Stops the loop: idle connections close at once, requests in flight get up to <see cref="DrainMs"/> to complete
    /// (each connection closing after its response), then every connection left is closed.
    /// </summary>
    public void Dispose()
    {
        _unbound = true;
        _stopping = true;
        LinuxSockets.Signal(_wakeup);
        if (_thread.ThreadState != ThreadState.Unstarted)
        {
            _thread.Join();
        }
        else
        {
            LinuxSockets.Close(_wakeup);
            LinuxSockets.Close(_epoll);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        long drainUntil = 0;
        while (true)
        {
            if (_unbound && _accepting)
            {
                PauseAccepting(0);
            }

            if (_stopping)
            {
                if (drainUntil == 0)
                {
                    drainUntil = Environment.TickCount64 + DrainMs;
                }

                if (!Drain() || Environment.TickCount64 > drainUntil)
                {
                    break;
                }
            }

            var count = LinuxSockets.Wait(_epoll, events, MaxEvents, _stopping ? 100 : 1000);
            _now = Environment.TickCount64;
            for (var i = 0; i < count; i++)
            {
                var token = events[i].Data;
                if (token is ListenerToken or WakeupToken)
                {
                    Guarded(token == ListenerToken ? AcceptOne : ServeAdopted);
                    continue;
                }

                Dispatch(token, events[i].Events);
            }

            if (_now >= _nextSweep)
            {
                Guarded(Sweep);
                _nextSweep = _now + 1000;
            }

            if (!_accepting && !_unbound && _now >= _acceptAgainAt)
            {
                _accepting = LinuxSockets.Watch(_epoll, _listener, ListenerEvents, ListenerToken);
                _acceptAgainAt = _now + 1000;
            }
        }

        foreach (var item in _slots)
        {
            switch (item)
            {
                case ClientConnection client:
                    LinuxSockets.Close(client.Fd);
                    break;
                case ReplicaConnection replica:
                    LinuxSockets.Close(replica.Fd);
                    break;
            }
        }

        while (_adopted.TryDequeue(out var adopted))
        {
            LinuxSockets.Close(adopted.Fd);
        }

        LinuxSockets.Close(_wakeup);
        LinuxSockets.Close(_epoll);
    }

    private void ServeAdopted()
    {
        LinuxSockets.Drain(_wakeup);
        while (_adopted.TryDequeue(out var adopted))
        {
            Serve(adopted.Fd, adopted.Remote);
        }
    }

    // The loop's own work (accepting, timeouts) never ends the loop: a failure is logged and the next round tries again.
    private void Guarded(Action work)
    {
        try
        {
            work();
        }
        catch (Exception e)
        {
            _routing.LogLoopFailed(e);
        }
    }

    // Anything unforeseen in serving one connection (out of memory or descriptors, a bug) closes that connection and its
    // replica's; the loop, and every other connection, goes on.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dispatch(ulong token, uint events)
    {
        var item = _slots[(int)(uint)token];
        try
        {
            switch (item)
            {
                case ClientConnection client when client.Token == token:
                    OnClient(client, events);
                    break;
                case ReplicaConnection replica when replica.Token == token:
                    OnReplica(replica, events);
                    break;
            }
        }
        catch (Exception e)
        {
            _routing.LogLoopFailed(e);
            var client = item as ClientConnection ?? (item as ReplicaConnection)?.Client;
            if (client is not null && _slots[(int)(uint)client.Token] == client)
            {
                CloseClient(client);
            }
            else if (item is ReplicaConnection replica && _slots[(int)(uint)replica.Token] == replica)
            {
                Discard(replica);
            }
        }
    }

    // Each new connection goes to the loop serving the fewest, so every loop carries its share: a loop holding most of
    // the connections would make their requests wait while another loop idles. One connection per wake-up, as nginx
    // accepts by default.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AcceptOne()
    {
        var fd = LinuxSockets.Accept(_listener, out var remote);
        if (fd < 0)
        {
            // Out of descriptors or memory: the listener would stay readable and spin the loop, so it rests a second.
            if (fd is not (-LinuxSockets.EAgain or -LinuxSockets.EIntr or -LinuxSockets.EConnAborted))
            {
                PauseAccepting(1000);
            }

            return;
        }

        if (LinuxSockets.NearDescriptorLimit(fd, DescriptorReserve))
        {
            RefuseNearLimit(fd);
            return;
        }

        var target = _leastLoaded();
        if (target == this)
        {
            Interlocked.Increment(ref _clients);
            Serve(fd, remote);
        }
        else
        {
            target.Adopt(fd, remote);
        }
    }

    // Out of descriptors, the runtime itself fails (a method compiled for the first time needs one and the process aborts
    // "Out of memory"): a connection that would leave fewer than DescriptorReserve is closed at once, and accepting rests
    // a moment, so the router stays up and serves again as connections close.
    private void RefuseNearLimit(int fd)
    {
        LinuxSockets.Close(fd);
        CloseIdleReplicas();
        PauseAccepting(100);
    }

    // Stops watching the listener; the loop watches it again after forMs, unless it was unbound.
    private void PauseAccepting(long forMs)
    {
        if (_accepting)
        {
            LinuxSockets.Unwatch(_epoll, _listener);
            _accepting = false;
            _acceptAgainAt = _now + forMs;
        }
    }

    // Idle replica connections are the cheapest descriptors to give back: a new one is opened when needed.
    private void CloseIdleReplicas()
    {
        foreach (var idle in _idle.Values)
        {
            CloseIdle(idle, _ => true);
        }
    }

    private void Serve(int fd, IPAddress? remote)
    {
        if (_stopping)
        {
            Interlocked.Decrement(ref _clients);
            LinuxSockets.Close(fd);
            return;
        }

        var client = new ClientConnection(fd, remote) { LastActivity = _now };
        if (TryWatch(client, fd, out var token))
        {
            client.Token = token;
        }
        else
        {
            Interlocked.Decrement(ref _clients);
        }
    }

    // Tracks a new connection and watches its socket; when epoll refuses it, the socket is closed.
    private bool TryWatch(object connection, int fd, out ulong token)
    {
        token = Register(connection);
        if (LinuxSockets.Watch(_epoll, fd, ConnectionEvents, token))
        {
            return true;
        }

        Release(token);
        LinuxSockets.Close(fd);
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnClient(ClientConnection client, uint events)
    {
        client.LastActivity = _now;
        if ((events & (LinuxSockets.EpollErr | LinuxSockets.EpollHup)) != 0)
        {
            CloseClient(client);
            return;
        }

        if ((events & LinuxSockets.EpollRdHup) != 0)
        {
            client.PeerClosed = true;
            if (client.State != ClientState.ReadingHead)
            {
                // Gone in the middle of a request: the replica connection is freed, as Kestrel aborts the request.
                CloseClient(client);
                return;
            }
        }

        if ((events & LinuxSockets.EpollIn) != 0)
        {
            client.ReadPending = true;
        }

        if ((events & LinuxSockets.EpollOut) != 0 && client.HasPending)
        {
            if (!SendPending(client) || client.HasPending)
            {
                return;
            }

            if (client.State == ClientState.Draining)
            {
                AfterResponse(client);
                return;
            }

            if (client.Replica is { Readable: true } replica)
            {
                ReadReplica(replica);
                return;
            }
        }

        if (client.State == ClientState.ReadingHead && (client.ReadPending || client.PeerClosed))
        {
            ReadRequest(client);
        }
    }

    // Looks at the next request head without taking it off the socket, then forwards it or hands the connection to Kestrel.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadRequest(ClientConnection client)
    {
        client.ReadPending = false;
        var received = LinuxSockets.Receive(client.Fd, _peek, LinuxSockets.MsgPeek);
        if (received == -LinuxSockets.EAgain)
        {
            return;
        }

        if (received <= 0)
        {
            CloseClient(client);
            return;
        }

        var verdict = _request.Parse(_peek.AsSpan(0, received));
        if (verdict == PlainRequestVerdict.Incomplete && !client.PeerClosed)
        {
            if (client.HeadStarted == 0)
            {
                client.HeadStarted = _now;
            }

            return;
        }

        if (verdict != PlainRequestVerdict.Plain || client.PeerClosed ||
            _routing.Find(_peek.AsSpan(_request.HostStart, _request.HostLength)) is not { } target)
        {
            HandOff(client);
            return;
        }

        var replica = RentReplica(target.EndPoint, out var nearLimit);
        if (replica is null)
        {
            // Out of descriptors the connection is closed rather than passed to Kestrel, which would need more of them.
            if (nearLimit)
            {
                CloseClient(client);
            }
            else
            {
                HandOff(client);
            }

            return;
        }

        client.HeadStarted = 0;
        client.HeadLength = _request.HeadLength;
        client.MoreBuffered = received > _request.HeadLength;
        client.CloseAfterResponse = _request.Close;
        client.HeadRequest = _request.IsHead;
        client.Consumed = false;
        client.ResponseStarted = false;
        client.Target = target;
        client.State = ClientState.Forwarding;
        client.Replica = replica;
        replica.Client = client;
        replica.OutLength = _request.WriteForwarded(_peek.AsSpan(0, received), ref replica.Out, target.Baggage, client.Address);
        replica.Sent = 0;
        replica.Received = false;
        replica.LastActivity = _now;
        if (replica.State != ReplicaState.Connecting)
        {
            replica.State = ReplicaState.Sending;
            SendRequest(replica);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReplicaConnection? RentReplica(IPEndPoint endPoint, out bool nearLimit)
    {
        nearLimit = false;
        if (_idle.TryGetValue(endPoint, out var idle) && idle.TryPop(out var pooled))
        {
            pooled.Reused = true;
            return pooled;
        }

        var fd = LinuxSockets.Connect(endPoint, out var pending);
        if (fd < 0)
        {
            return null;
        }

        if (LinuxSockets.NearDescriptorLimit(fd, DescriptorReserve))
        {
            LinuxSockets.Close(fd);
            CloseIdleReplicas();
            nearLimit = true;
            return null;
        }

        var replica = new ReplicaConnection(fd, endPoint) { State = pending ? ReplicaState.Connecting : ReplicaState.Sending };
        if (!TryWatch(replica, fd, out var token))
        {
            return null;
        }

        replica.Token = token;
        return replica;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnReplica(ReplicaConnection replica, uint events)
    {
        var closed = (events & ClosedEvents) != 0;
        if (replica.State == ReplicaState.Idle)
        {
            // An idle connection that becomes readable was closed by the replica (or sent what nobody asked for); other
            // events (write space freed) leave it in the pool.
            if (closed ||
                ((events & LinuxSockets.EpollIn) != 0 && LinuxSockets.Receive(replica.Fd, _peek.AsSpan(0, 1), LinuxSockets.MsgPeek) != -LinuxSockets.EAgain))
            {
                DropIdle(replica);
            }

            return;
        }

        if (replica.State == ReplicaState.Connecting)
        {
            if ((events & (LinuxSockets.EpollOut | LinuxSockets.EpollErr | LinuxSockets.EpollHup)) == 0)
            {
                return;
            }

            if (LinuxSockets.ConnectError(replica.Fd) != 0)
            {
                ReplicaFailed(replica, "Request");
                return;
            }

            replica.State = ReplicaState.Sending;
        }

        // Edge-triggered, each edge is kept until it is read: a replica may answer before the whole head is sent (a large
        // head, a full socket), and one that closes after its last bytes sends both in one edge, so it is read to the end.
        var readable = closed || (events & LinuxSockets.EpollIn) != 0;
        replica.PeerClosed |= closed;
        replica.Readable |= readable;
        if (replica.State == ReplicaState.Sending)
        {
            if ((events & (LinuxSockets.EpollOut | LinuxSockets.EpollErr | LinuxSockets.EpollHup)) != 0)
            {
                SendRequest(replica);
            }

            return;
        }

        if (readable)
        {
            replica.LastActivity = _now;
            ReadReplica(replica);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SendRequest(ReplicaConnection replica)
    {
        var sent = LinuxSockets.Send(replica.Fd, replica.Out.AsSpan(replica.Sent, replica.OutLength - replica.Sent));
        if (sent == -LinuxSockets.EAgain)
        {
            return;
        }

        if (sent < 0)
        {
            ReplicaFailed(replica, "Request");
            return;
        }

        replica.Sent += sent;
        if (replica.Sent < replica.OutLength)
        {
            return;
        }

        replica.State = ReplicaState.AwaitingHead;
        replica.LastActivity = _now;
        var client = replica.Client!;
        if (!client.Consumed)
        {
            // The replica has the request: only now is it taken off the client's socket (it is all there, already read once).
            LinuxSockets.Receive(client.Fd, _peek.AsSpan(0, client.HeadLength));
            client.Consumed = true;
        }

        if (replica.Readable)
        {
            ReadReplica(replica);
        }
    }

    // Reads what the replica sent and passes it on, until the socket is drained, the client's socket is full, or the
    // response is complete.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadReplica(ReplicaConnection replica)
    {
        while (replica.Client is { } client && !client.HasPending)
        {
            replica.Compact();
            var space = replica.In.Length - replica.InEnd;
            if (space == 0)
            {
                // A response head (or chunk size line) larger than the whole buffer.
                ReplicaFailed(replica, "ResponseHeaders");
                return;
            }

            var received = LinuxSockets.Receive(replica.Fd, replica.In.AsSpan(replica.InEnd, space));
            if (received == -LinuxSockets.EAgain)
            {
                replica.Readable = false;
                return;
            }

            if (received <= 0)
            {
                replica.Readable = false;
                ReplicaEnded(replica);
                return;
            }

            replica.InEnd += received;
            replica.Received = true;
            replica.LastActivity = _now;
            var passed = PassOn(replica, client);
            if (passed == Passed.Ended || !SendPending(client))
            {
                return;
            }

            if (passed == Passed.Complete)
            {
                if (!client.HasPending)
                {
                    AfterResponse(client);
                }

                return;
            }

            if (received < space && !replica.PeerClosed)
            {
                replica.Readable = false;
                return;
            }
        }
    }

    private enum Passed { More, Complete, Ended }

    // Moves what is buffered from the replica to the client's output: more to come, the response complete (to be sent), or
    // the exchange ended (failed, and the client already answered or closed).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Passed PassOn(ReplicaConnection replica, ClientConnection client)
    {
        if (replica.State == ReplicaState.AwaitingHead)
        {
            while (true)
            {
                var buffered = replica.Buffered;
                var end = buffered.IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    return Passed.More;
                }

                var head = replica.Head;
                if (!head.TryParse(buffered[..(end + 2)], client.HeadRequest, out _) || head.Status == 101)
                {
                    ReplicaFailed(replica, "ResponseHeaders");
                    return Passed.Ended;
                }

                if (head.Status < 200)
                {
                    // Interim responses (100 Continue, 103 Early Hints) are dropped, as on the other paths.
                    replica.Consume(end + 4);
                    continue;
                }

                WriteResponseHead(client, head);
                replica.Consume(end + 4);
                replica.Remaining = head.ContentLength;
                replica.Chunked.Reset();
                replica.State = ReplicaState.Body;
                break;
            }
        }

        var framing = replica.Head.Framing;
        switch (framing)
        {
            case ResponseFraming.None:
                Complete(replica, client);
                return Passed.Complete;

            case ResponseFraming.Length:
                var piece = (int)Math.Min(replica.Remaining, replica.InEnd - replica.InStart);
                client.Write(replica.Buffered[..piece]);
                replica.Consume(piece);
                replica.Remaining -= piece;
                if (replica.Remaining == 0)
                {
                    Complete(replica, client);
                    return Passed.Complete;
                }

                return Passed.More;

            case ResponseFraming.Chunked:
                // The chunks pass on as they are; the decoder only finds where the body ends.
                var passed = 0;
                var input = replica.Buffered;
                while (true)
                {
                    var step = replica.Chunked.Next(input[passed..], out var consumed, out _, out _);
                    passed += consumed;
                    if (step == ChunkedStep.Invalid)
                    {
                        client.Write(input[..passed]);
                        replica.Consume(passed);
                        AbortExchange(replica, client, "ResponseBody");
                        return Passed.Ended;
                    }

                    if (step == ChunkedStep.Done || step == ChunkedStep.NeedMore || passed == input.Length)
                    {
                        client.Write(input[..passed]);
                        replica.Consume(passed);
                        if (step == ChunkedStep.Done)
                        {
                            Complete(replica, client);
                            return Passed.Complete;
                        }

                        return Passed.More;
                    }
                }

            default:
                client.Write(replica.Buffered);
                replica.Consume(replica.InEnd - replica.InStart);
                return Passed.More;
        }
    }

    // "HTTP/1.1 <status and reason as the replica sent them>", the replica's headers minus hop-by-hop and framing, and the
    // framing the client gets: the body's length, chunked as it comes, or (read until the replica closes) closing after it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteResponseHead(ClientConnection client, ResponseHead head)
    {
        client.ResponseStarted = true;
        client.Write("HTTP/1.1 "u8);
        client.Write(head.StatusAndReason);
        // The space after the status code is required even when the reason is empty.
        client.Write(head.StatusAndReason.Length == 3 ? " \r\n"u8 : "\r\n"u8);
        head.WriteHeaders(client, static (client, bytes) => client.Write(bytes));
        if (head.Framing == ResponseFraming.Length || (client.HeadRequest && head.ContentLength >= 0 && head.Status is not (204 or 304)))
        {
            Span<byte> digits = stackalloc byte[20];
            head.ContentLength.TryFormat(digits, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
            client.Write("Content-Length: "u8);
            client.Write(digits[..written]);
            client.Write("\r\n"u8);
        }
        else if (head.Framing == ResponseFraming.Chunked)
        {
            client.Write("Transfer-Encoding: chunked\r\n"u8);
        }
        else if (head.Framing == ResponseFraming.UntilClose)
        {
            client.CloseAfterResponse = true;
        }

        if (client.CloseAfterResponse)
        {
            client.Write("Connection: close\r\n"u8);
        }

        client.Write("\r\n"u8);
    }

    // The replica closed the connection (or it failed) while serving a request.
    private void ReplicaEnded(ReplicaConnection replica)
    {
        var client = replica.Client!;
        if (replica.State == ReplicaState.Body && replica.Head.Framing == ResponseFraming.UntilClose)
        {
            Complete(replica, client);
            if (SendPending(client) && !client.HasPending)
            {
                AfterResponse(client);
            }

            return;
        }

        if (replica.State == ReplicaState.AwaitingHead && !replica.Received && replica.Reused)
        {
            // A pooled connection the replica closed while it was idle: the request never reached it, so it goes again on a
            // new connection (it has no body to replay).
            var retry = RentReplica(replica.EndPoint, out _);
            if (retry is not null)
            {
                retry.Client = client;
                client.Replica = retry;
                (retry.Out, replica.Out) = (replica.Out, retry.Out);
                retry.OutLength = replica.OutLength;
                retry.Sent = 0;
                retry.LastActivity = _now;
                replica.Client = null;
                Discard(replica);
                if (retry.State != ReplicaState.Connecting)
                {
                    retry.State = ReplicaState.Sending;
                    SendRequest(retry);
                }

                return;
            }
        }

        AbortExchange(replica, client, replica.Received ? "ResponseHeaders" : "Request");
    }

    // The replica could not be reached or sent no valid answer: before anything was consumed Kestrel takes the connection
    // (and answers as it would have); after, the client gets the 502 the middleware would give, or loses the connection
    // when part of the response is already out.
    private void ReplicaFailed(ReplicaConnection replica, string error)
    {
        var client = replica.Client!;
        if (!client.Consumed)
        {
            DiscardReplica(client);
            HandOff(client);
            return;
        }

        AbortExchange(replica, client, error);
    }

    private void AbortExchange(ReplicaConnection replica, ClientConnection client, string error)
    {
        DiscardReplica(client);
        _routing.LogForwardingFailed(client.Target!.Host, replica.EndPoint, error);
        if (client.ResponseStarted)
        {
            CloseClient(client);
            return;
        }

        var body = Encoding.UTF8.GetBytes(client.Target!.DidNotAnswer(error) + "\n");
        client.Write(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\n" +
            $"Retry-After: {ReplicaMessages.RetryAfterSeconds}\r\nRefresh: {ReplicaMessages.RetryAfterSeconds}\r\n" +
            (client.CloseAfterResponse ? "Connection: close\r\n" : "") + "\r\n"));
        client.Write(body);
        client.ResponseStarted = true;
        client.State = ClientState.Draining;
        if (SendPending(client) && !client.HasPending)
        {
            AfterResponse(client);
        }
    }

    // The response was read whole: the replica connection goes back to the pool when it can serve another request.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Complete(ReplicaConnection replica, ClientConnection client)
    {
        replica.Client = null;
        client.Replica = null;
        client.State = ClientState.Draining;
        if (replica.Head.KeepAlive && !replica.PeerClosed && replica.Head.Framing != ResponseFraming.UntilClose && replica.InStart == replica.InEnd && !_stopping)
        {
            replica.State = ReplicaState.Idle;
            replica.LastActivity = _now;
            if (!_idle.TryGetValue(replica.EndPoint, out var idle))
            {
                _idle[replica.EndPoint] = idle = new Stack<ReplicaConnection>();
            }

            idle.Push(replica);
        }
        else
        {
            Discard(replica);
        }
    }

    // The response is sent whole: close, or read the next request (already waiting when pipelined).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AfterResponse(ClientConnection client)
    {
        if (client.CloseAfterResponse)
        {
            CloseClient(client);
            return;
        }

        client.State = ClientState.ReadingHead;
        client.LastActivity = _now;
        if (client.MoreBuffered || client.ReadPending || client.PeerClosed)
        {
            client.MoreBuffered = false;
            ReadRequest(client);
        }
    }

    // Sends what waits for the client; false when the client is gone (its connection is then closed).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SendPending(ClientConnection client)
    {
        while (client.HasPending)
        {
            var sent = LinuxSockets.Send(client.Fd, client.Out.AsSpan(client.OutStart, client.OutEnd - client.OutStart));
            if (sent == -LinuxSockets.EAgain)
            {
                return true;
            }

            if (sent <= 0)
            {
                CloseClient(client);
                return false;
            }

            client.OutStart += sent;
        }

        client.ReleaseOut();
        return true;
    }

    private void HandOff(ClientConnection client)
    {
        client.ReleaseOut();
        Interlocked.Decrement(ref _clients);
        LinuxSockets.Unwatch(_epoll, client.Fd);
        Release(client.Token);
        _handOff(client.Fd);
    }

    private void CloseClient(ClientConnection client)
    {
        DiscardReplica(client);
        client.ReleaseOut();
        Interlocked.Decrement(ref _clients);
        Release(client.Token);
        LinuxSockets.Close(client.Fd);
    }

    // The replica connection serving the client's request, if any, is closed: its state is no longer known.
    private void DiscardReplica(ClientConnection client)
    {
        if (client.Replica is { } replica)
        {
            replica.Client = null;
            client.Replica = null;
            Discard(replica);
        }
    }

    private void Discard(ReplicaConnection replica)
    {
        Release(replica.Token);
        LinuxSockets.Close(replica.Fd);
    }

    private void DropIdle(ReplicaConnection replica)
    {
        if (_idle.TryGetValue(replica.EndPoint, out var idle))
        {
            CloseIdle(idle, other => other == replica);
        }
    }

    // Closes the pooled connections that close picks; the others stay, most recently used on top.
    private void CloseIdle(Stack<ReplicaConnection> idle, Func<ReplicaConnection, bool> close)
    {
        var kept = idle.Reverse().ToList();
        idle.Clear();
        foreach (var replica in kept)
        {
            if (close(replica))
            {
                Discard(replica);
            }
            else
            {
                idle.Push(replica);
            }
        }
    }

    // While stopping: closes connections waiting for a request, and has the others close after their response; false
    // once none is left.
    private bool Drain()
    {
        var any = false;
        for (var slot = 1; slot < _slots.Count; slot++)
        {
            if (_slots[slot] is not ClientConnection client)
            {
                continue;
            }

            if (client.State == ClientState.ReadingHead)
            {
                CloseClient(client);
            }
            else
            {
                client.CloseAfterResponse = true;
                any = true;
            }
        }

        return any;
    }

    // Once a second: heads that take too long, idle clients, silent replicas and idle replica connections.
    private void Sweep()
    {
        for (var slot = 1; slot < _slots.Count; slot++)
        {
            if (_slots[slot] is not ClientConnection client)
            {
                continue;
            }

            switch (client.State)
            {
                case ClientState.ReadingHead when client.HeadStarted != 0 ? _now - client.HeadStarted > HeadersTimeoutMs : _now - client.LastActivity > KeepAliveTimeoutMs:
                    CloseClient(client);
                    break;
                case ClientState.Forwarding when client.Replica is { } replica &&
                    _now - replica.LastActivity > (replica.State == ReplicaState.Connecting ? ConnectTimeoutMs : _routing.ReplicaTimeoutMs):
                    ReplicaFailed(replica, "RequestTimedOut");
                    break;
                case ClientState.Draining when _now - client.LastActivity > KeepAliveTimeoutMs:
                    CloseClient(client);
                    break;
            }
        }

        foreach (var idle in _idle.Values)
        {
            if (idle.Any(replica => _now - replica.LastActivity > IdleReplicaMs))
            {
                CloseIdle(idle, replica => _now - replica.LastActivity > IdleReplicaMs);
            }
        }
    }

    private ulong Register(object item)
    {
        int slot;
        if (_freeSlots.TryPop(out slot))
        {
            _slots[slot] = item;
        }
        else
        {
            slot = _slots.Count;
            _slots.Add(item);
        }

        // The generation tells a reused slot's events from those of the connection that held it before.
        return ((ulong)++_generation << 32) | (uint)slot;
    }

    private void Release(ulong token)
    {
        var slot = (int)(uint)token;
        _slots[slot] = null;
        _freeSlots.Push(slot);
    }
}
