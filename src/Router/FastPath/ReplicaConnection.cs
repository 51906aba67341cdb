using System.Net;
using PreviewAspire.Router.Forwarding;

namespace PreviewAspire.Router.FastPath;

/// <summary>Where a replica connection of the fast path stands.</summary>
internal enum ReplicaState
{
    /// <summary>The connection is being established.</summary>
    Connecting,

    /// <summary>The request head is being sent.</summary>
    Sending,

    /// <summary>Waiting for the response head.</summary>
    AwaitingHead,

    /// <summary>Passing the response body on.</summary>
    Body,

    /// <summary>Kept alive in the pool, serving nothing.</summary>
    Idle,
}

/// <summary>One kept-alive HTTP/1.1 connection of an <see cref="EventLoop"/> to a replica.</summary>
internal sealed class ReplicaConnection(int fd, IPEndPoint endPoint)
{
    /// <summary>The socket.</summary>
    public int Fd { get; } = fd;

    /// <summary>The replica's address.</summary>
    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>The event loop's tag for this connection's events.</summary>
    public ulong Token { get; set; }

    public ReplicaState State { get; set; }

    /// <summary>The client whose request this connection serves.</summary>
    public ClientConnection? Client { get; set; }

    /// <summary>The connection served a request before this one (a replica may have closed it while idle).</summary>
    public bool Reused { get; set; }

    /// <summary>Bytes of the current response have arrived.</summary>
    public bool Received { get; set; }

    /// <summary>Data may be waiting on the socket (edge-triggered: it is read until a short read).</summary>
    public bool Readable { get; set; }

    /// <summary>The replica closed its side of the connection: it is read to the end and never pooled again.</summary>
    public bool PeerClosed { get; set; }

    /// <summary>The last time the replica sent anything, or the request was sent.</summary>
    public long LastActivity { get; set; } = Environment.TickCount64;

    /// <summary>The request head to send, from <see cref="Sent"/> to <see cref="OutLength"/>.</summary>
    public byte[] Out = new byte[4096];

    public int OutLength { get; set; }

    public int Sent { get; set; }

    /// <summary>Received bytes not yet passed on, from <see cref="InStart"/> to <see cref="InEnd"/>.</summary>
    public byte[] In { get; } = new byte[16 * 1024];

    public int InStart { get; set; }

    public int InEnd { get; set; }

    /// <summary>The received bytes not yet passed on.</summary>
    public ReadOnlySpan<byte> Buffered => In.AsSpan(InStart, InEnd - InStart);

    /// <summary>The current response's head.</summary>
    public ResponseHead Head { get; } = new();

    /// <summary>The current response's chunked framing, when it is chunked.</summary>
    public ChunkedDecoder Chunked { get; } = new();

    /// <summary>What is left of a length-framed body.</summary>
    public long Remaining { get; set; }

    /// <summary>Marks <paramref name="count"/> buffered bytes as passed on.</summary>
    public void Consume(int count)
    {
        InStart += count;
        if (InStart == InEnd)
        {
            InStart = InEnd = 0;
        }
    }

    /// <summary>Moves the unconsumed bytes to the front, so a read can fill the rest.</summary>
    public void Compact()
    {
        if (InStart > 0)
        {
            Buffered.CopyTo(In);
            InEnd -= InStart;
            InStart = 0;
        }
    }
}
