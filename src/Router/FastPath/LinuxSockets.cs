using System.Net;
using System.Runtime.InteropServices;

namespace PreviewAspire.Router.FastPath;

/// <summary>One epoll readiness event as the x86-64 Linux kernel lays it out (packed: 12 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct EpollEvent
{
    public uint Events;
    public ulong Data;
}

/// <summary>The Linux socket and epoll calls the fast path makes directly, without .NET's socket engine in between.</summary>
internal static unsafe partial class LinuxSockets
{
    public const uint EpollIn = 0x1;
    public const uint EpollOut = 0x4;
    public const uint EpollErr = 0x8;
    public const uint EpollHup = 0x10;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollExclusive = 1u << 28;
    public const uint EpollEdgeTriggered = 1u << 31;

    public const int MsgPeek = 0x2;
    public const int MsgNoSignal = 0x4000;

    public const int EAgain = 11;
    public const int EIntr = 4;
    public const int EInProgress = 115;
    public const int EConnAborted = 103;

    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int SockNonBlock = 0x800;
    private const int SockCloexec = 0x80000;
    private const int SolSocket = 1;
    private const int SoError = 4;
    private const int IpProtoTcp = 6;
    private const int TcpNoDelay = 1;

    /// <summary>True where the fast path can run: Linux on x86-64, whose epoll event layout <see cref="EpollEvent"/> matches.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, EpollEvent* events, int maxEvents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int accept4(int fd, byte* address, int* addressLength, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int connect(int fd, byte* address, int addressLength);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockopt(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsockopt(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initial, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, ulong* limits);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseDescriptor(int fd);

    /// <summary>A new epoll instance, or -1.</summary>
    public static int CreateEpoll() => epoll_create1(SockCloexec);

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/>, tagged with <paramref name="token"/>.</summary>
    public static bool Watch(int epoll, int fd, uint events, ulong token)
    {
        var ev = new EpollEvent { Events = events, Data = token };
        return epoll_ctl(epoll, EpollCtlAdd, fd, &ev) == 0;
    }

    /// <summary>Stops watching <paramref name="fd"/>.</summary>
    public static void Unwatch(int epoll, int fd) => epoll_ctl(epoll, EpollCtlDel, fd, null);

    /// <summary>Waits up to <paramref name="timeoutMs"/> for events; the count, 0 on timeout or interruption.</summary>
    public static int Wait(int epoll, EpollEvent* events, int maxEvents, int timeoutMs)
    {
        var count = epoll_wait(epoll, events, maxEvents, timeoutMs);
        return count < 0 ? 0 : count;
    }

    /// <summary>Accepts one pending connection (non-blocking, close-on-exec): its socket, or -errno (<see cref="EAgain"/> when none is pending).</summary>
    public static int Accept(int listener, out IPAddress? remote)
    {
        var address = stackalloc byte[128];
        var length = 128;
        var fd = accept4(listener, address, &length, SockNonBlock | SockCloexec);
        if (fd < 0)
        {
            remote = null;
            return -Marshal.GetLastPInvokeError();
        }

        remote = ReadAddress(address);
        SetNoDelay(fd);
        return fd;
    }

    /// <summary>Bytes received (0 at end of stream), or -errno.</summary>
    public static int Receive(int fd, Span<byte> buffer, int flags = 0)
    {
        fixed (byte* p = buffer)
        {
            var n = recv(fd, p, buffer.Length, flags);
            return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>Bytes sent, or -errno (<see cref="EAgain"/> when the socket's buffer is full).</summary>
    public static int Send(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var n = send(fd, p, buffer.Length, MsgNoSignal);
            return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>Starts a non-blocking connection to <paramref name="endPoint"/>: the socket, or -1; <paramref name="pending"/> when it completes later (writable).</summary>
    public static int Connect(IPEndPoint endPoint, out bool pending)
    {
        pending = false;
        var address = endPoint.Serialize();
        var family = endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 10 : 2;
        var fd = socket(family, 1 /* SOCK_STREAM */ | SockNonBlock | SockCloexec, 0);
        if (fd < 0)
        {
            return -1;
        }

        SetNoDelay(fd);
        int result;
        fixed (byte* p = address.Buffer.Span)
        {
            result = connect(fd, p, address.Size);
        }

        if (result == 0)
        {
            return fd;
        }

        if (Marshal.GetLastPInvokeError() == EInProgress)
        {
            pending = true;
            return fd;
        }

        CloseDescriptor(fd);
        return -1;
    }

    /// <summary>The error a pending connect ended with (0: connected).</summary>
    public static int ConnectError(int fd)
    {
        int error = 0, length = sizeof(int);
        return getsockopt(fd, SolSocket, SoError, &error, &length) == 0 ? error : Marshal.GetLastPInvokeError();
    }

    /// <summary>A non-blocking eventfd, for waking a loop from another thread; -1 on failure.</summary>
    public static int CreateWakeup() => eventfd(0, SockNonBlock | SockCloexec);

    /// <summary>Wakes the loop watching <paramref name="wakeup"/>.</summary>
    public static void Signal(int wakeup)
    {
        ulong one = 1;
        write(wakeup, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Resets <paramref name="wakeup"/> after it woke its loop.</summary>
    public static void Drain(int wakeup)
    {
        ulong count;
        read(wakeup, (byte*)&count, sizeof(ulong));
    }

    /// <summary>
    /// True when <paramref name="fd"/> leaves fewer than <paramref name="reserve"/> descriptors below the process's limit
    /// (descriptors are numbered lowest first, so the newest one tells how many are open).
    /// </summary>
    public static bool NearDescriptorLimit(int fd, int reserve)
    {
        var limits = stackalloc ulong[2];
        return getrlimit(7 /* RLIMIT_NOFILE */, limits) == 0 && (ulong)fd + (ulong)reserve >= limits[0];
    }

    /// <summary>Closes a descriptor this process opened.</summary>
    public static void Close(int fd) => CloseDescriptor(fd);

    private static void SetNoDelay(int fd)
    {
        var one = 1;
        setsockopt(fd, IpProtoTcp, TcpNoDelay, &one, sizeof(int));
    }

    // struct sockaddr_in / sockaddr_in6 as accept4 fills them.
    private static IPAddress? ReadAddress(byte* address)
    {
        var family = *(ushort*)address;
        return family switch
        {
            2 => new IPAddress(new ReadOnlySpan<byte>(address + 4, 4)),
            10 => new IPAddress(new ReadOnlySpan<byte>(address + 8, 16), *(uint*)(address + 24)),
            _ => null,
        };
    }
}
