using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;

namespace PreviewAspire.Router.FastPath;

/// <summary>Where a client connection of the fast path stands.</summary>
internal enum ClientState
{
    /// <summary>Waiting for (the rest of) the next request head.</summary>
    ReadingHead,

    /// <summary>A request is with a replica; its response is being passed on.</summary>
    Forwarding,

    /// <summary>The response is complete but not all of it has been sent yet.</summary>
    Draining,
}

/// <summary>One client connection served by an <see cref="EventLoop"/>: its socket, where it stands, and what it still has to send.</summary>
internal sealed class ClientConnection(int fd, IPAddress? remote)
{
    /// <summary>The socket.</summary>
    public int Fd { get; } = fd;

    /// <summary>The client's address as it is appended to <c>X-Forwarded-For</c>, or empty when unknown.</summary>
    public byte[] Address { get; } = remote is null ? [] : System.Text.Encoding.ASCII.GetBytes(remote.ToString());

    /// <summary>The client's address.</summary>
    public IPAddress? Remote { get; } = remote;

    /// <summary>The event loop's tag for this connection's events.</summary>
    public ulong Token { get; set; }

    public ClientState State { get; set; }

    /// <summary>Data arrived that has not been looked at yet (edge-triggered: no second notice comes for it).</summary>
    public bool ReadPending { get; set; }

    /// <summary>The client has sent more than the request being served (pipelined requests).</summary>
    public bool MoreBuffered { get; set; }

    /// <summary>The client closed its side of the connection.</summary>
    public bool PeerClosed { get; set; }

    /// <summary>Close the connection once the current response is sent.</summary>
    public bool CloseAfterResponse { get; set; }

    /// <summary>The current request's head length; consumed from the socket once the replica has it.</summary>
    public int HeadLength { get; set; }

    /// <summary>The current request's head has been taken off the socket: Kestrel can no longer be handed the request.</summary>
    public bool Consumed { get; set; }

    /// <summary>The current request is a HEAD.</summary>
    public bool HeadRequest { get; set; }

    /// <summary>Part of the current response has been written for the client.</summary>
    public bool ResponseStarted { get; set; }

    /// <summary>Where the current request goes (its preview, for error messages).</summary>
    public FastPathTarget? Target { get; set; }

    /// <summary>The replica connection serving the current request.</summary>
    public ReplicaConnection? Replica { get; set; }

    /// <summary>When part of a head first arrived (<see cref="Environment.TickCount64"/>), or 0 when none is waiting.</summary>
    public long HeadStarted { get; set; }

    /// <summary>The last time anything happened on this connection.</summary>
    public long LastActivity { get; set; } = Environment.TickCount64;

    /// <summary>Bytes to send to the client, from <see cref="OutStart"/> to <see cref="OutEnd"/>; rented only while there are some.</summary>
    public byte[] Out { get; private set; } = [];

    public int OutStart { get; set; }

    public int OutEnd { get; set; }

    /// <summary>True while bytes wait to be sent.</summary>
    public bool HasPending => OutEnd > OutStart;

    /// <summary>Appends bytes to send, renting a (larger) buffer when needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (Out.Length - OutEnd < bytes.Length)
        {
            var pending = OutEnd - OutStart;
            var target = pending + bytes.Length <= Out.Length ? Out : ArrayPool<byte>.Shared.Rent(Math.Max(16 * 1024, pending + bytes.Length));
            Out.AsSpan(OutStart, pending).CopyTo(target);
            if (target != Out)
            {
                ReleaseOut();
                Out = target;
            }

            OutStart = 0;
            OutEnd = pending;
        }

        bytes.CopyTo(Out.AsSpan(OutEnd));
        OutEnd += bytes.Length;
    }

    /// <summary>Marks everything as sent and gives the buffer back, so an idle connection holds none.</summary>
    public void ReleaseOut()
    {
        if (Out.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Out);
            Out = [];
        }

        OutStart = OutEnd = 0;
    }
}
