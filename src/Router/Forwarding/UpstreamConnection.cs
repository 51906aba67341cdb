using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace PreviewAspire.Router.Forwarding;

/// <summary>
/// One kept-alive HTTP/1.1 connection to a replica, with its receive buffer and the reusable objects that write a request
/// head and read a response. Used by one request at a time; <see cref="Upstream"/> pools it between requests.
/// </summary>
internal sealed class UpstreamConnection : IDisposable
{
    // Response heads larger than this are refused (Kestrel's own request-head limit is 32 KiB).
    private const int MaxBuffer = 64 * 1024;

    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private CancellationToken _clientAborted;
    private int _aborted;

    private UpstreamConnection(Socket socket) => _socket = socket;

    /// <summary>Writes the head of each forwarded request.</summary>
    public RequestHeadWriter RequestHead { get; } = new();

    /// <summary>The head of the response being read.</summary>
    public ResponseHead ResponseHead { get; } = new();

    /// <summary>Decodes chunked response bodies.</summary>
    public ChunkedDecoder Chunked { get; } = new();

    /// <summary>True once the connection has carried a request: the replica may have closed it while it sat in the pool.</summary>
    public bool Reused { get; private set; }

    /// <summary>True while a request uses the connection.</summary>
    public bool Busy { get; private set; }

    /// <summary>True when <see cref="Abort"/> ended the connection because the replica was silent too long.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>True when <see cref="Abort"/> ended the connection (timed out, client gone, or idle too long).</summary>
    public bool Aborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>When the connection last sent or received, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long LastActive { get; private set; } = Environment.TickCount64;

    /// <summary>The client of the current request went away: the replica's answer is no longer wanted.</summary>
    public bool ClientGone => Busy && _clientAborted.IsCancellationRequested;

    /// <summary>The thread the connection's last receive completed on (its socket event thread when continuations run inline).</summary>
    public int EventThread { get; private set; }

    /// <summary>The bytes received and not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The bytes received and not yet consumed, as memory (for writes that complete later).</summary>
    public ReadOnlyMemory<byte> BufferedMemory => _buffer.AsMemory(_start, _end - _start);

    /// <summary>Opens a connection to <paramref name="endPoint"/>.</summary>
    public static async ValueTask<UpstreamConnection> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new UpstreamConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts a request on this connection on behalf of a client whose abort is <paramref name="clientAborted"/>.</summary>
    public void Begin(CancellationToken clientAborted)
    {
        _clientAborted = clientAborted;
        LastActive = Environment.TickCount64;
        Busy = true;
    }

    /// <summary>Ends the request: the connection is idle again and counts as reused.</summary>
    public void End()
    {
        _clientAborted = default;
        Busy = false;
        Reused = true;
        LastActive = Environment.TickCount64;
    }

    /// <summary>Sends <paramref name="data"/> whole.</summary>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data)
    {
        LastActive = Environment.TickCount64;
        return _socket.SendAsync(data, SocketFlags.None);
    }

    /// <summary>Receives more bytes after the buffered ones; 0 means the replica closed the connection.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else if (_buffer.Length < MaxBuffer)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                throw new InvalidDataException("the replica's response head is larger than 64 KiB");
            }
        }

        var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
        _end += received;
        LastActive = Environment.TickCount64;
        EventThread = Environment.CurrentManagedThreadId;
        return received;
    }

    /// <summary>Marks <paramref name="count"/> buffered bytes as used.</summary>
    public void Consume(int count) => _start += count;

    /// <summary>Ends the connection from another thread (heartbeat): a pending send or receive fails at once.</summary>
    public void Abort(bool timedOut)
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            TimedOut = timedOut;
            _socket.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Abort(timedOut: false);
}
