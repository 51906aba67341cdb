using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace PreviewAspire.Router.FastPath;

/// <summary>
/// Kestrel's transport in the router: the public port is bound by a <see cref="FastPathListener"/>, which forwards plain
/// requests itself and hands Kestrel the rest; every other port (management, health) is bound by Kestrel's socket transport
/// as usual.
/// </summary>
internal sealed class FastPathTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _sockets;
    private readonly SocketConnectionContextFactory _contexts;
    private readonly FastPathRouting _routing;
    private readonly int _publicPort;
    private readonly int _backlog;
    private readonly int _loops;

    /// <summary>Creates the transport from Kestrel's socket transport settings.</summary>
    public FastPathTransportFactory(IOptions<SocketTransportOptions> sockets, IOptions<RouterOptions> router, FastPathRouting routing, ILoggerFactory loggers)
    {
        _sockets = new SocketTransportFactory(sockets, loggers);
        // Built as Kestrel's socket transport builds its own, so handed-over connections use the memory pool Kestrel was
        // configured with (the public constructor falls back to a pool Kestrel's HTTP/1.x output cannot write to).
        _contexts = new SocketConnectionContextFactory(CreateOptions(sockets.Value), loggers.CreateLogger<FastPathListener>());
        _routing = routing;
        _publicPort = router.Value.PublicPort;
        // Two loops per core: a loop the scheduler preempts stalls only its share of the connections (docs/benchmarks.md).
        _loops = router.Value.FastPathLoops > 0 ? router.Value.FastPathLoops : 2 * Environment.ProcessorCount;
        _backlog = sockets.Value.Backlog;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern SocketConnectionFactoryOptions CreateOptions(SocketTransportOptions transportOptions);

    /// <inheritdoc />
    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint || _sockets.CanBind(endpoint);

    /// <inheritdoc />
    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint address || (_publicPort != 0 && address.Port != _publicPort))
        {
            return _sockets.BindAsync(endpoint, cancellationToken);
        }

        try
        {
            return ValueTask.FromResult<IConnectionListener>(FastPathListener.Bind(address, _routing, _contexts, _backlog, _loops));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new AddressInUseException(e.Message, e);
        }
    }
}
