using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PreviewAspire.Provisioning;

/// <summary>
/// A client's connection to the preview host's control socket (<see cref="PreviewStateDirectory.ControlSocket"/>). A PR
/// served without detaching stays served exactly as long as this connection is open: the kernel closes it when the
/// client's process ends however it ends, and the host then releases the PR.
/// </summary>
public sealed class HostConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private HostConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    /// <summary>Connects to the host of <paramref name="state"/>; null when no host listens there.</summary>
    public static async Task<HostConnection?> TryConnectAsync(PreviewStateDirectory state, CancellationToken cancellationToken)
    {
        var path = state.ControlSocket;
        if (!File.Exists(path))
        {
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new HostConnection(socket);
        }
        catch (SocketException)
        {
            // A socket file left by a host that was killed: nothing listens.
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Sends one request.</summary>
    public async Task SendAsync(HostRequest request, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(HostWire.Line(request)), cancellationToken).ConfigureAwait(false);

    /// <summary>The host's next message; null when the host closed the connection.</summary>
    /// <exception cref="IOException">The connection broke.</exception>
    public async Task<HostEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<HostEvent>(line, HostWire.Options) ?? throw new IOException("The host sent an empty message.");
        }
        catch (JsonException ex)
        {
            throw new IOException($"The host sent something that is not a message: {ex.Message}", ex);
        }
    }

    /// <summary>Ends this client's lease: the host releases the PRs served for it and then closes the connection.</summary>
    public void EndLease()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already closed by the host.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
