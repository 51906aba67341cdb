using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// The host's control socket: an owner-only Unix socket in the state directory through which later runs and the
/// <c>preview</c> CLI reach <see cref="PreviewHostService"/>. One request per connection; a PR served without detaching
/// is released when its connection closes, so a killed client's PR is released at once. Nothing else in the state
/// directory is read as a request.
/// </summary>
internal sealed class ControlSocketServer(
    PreviewStateDirectory state,
    PreviewHostService host,
    Func<CancellationToken, Task<EngineConnections>> engines,
    string? dashboard,
    ILogger<ControlSocketServer> logger) : BackgroundService
{
    private static readonly TimeSpan RequestPatience = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private Socket? _listener;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var path = state.ControlSocket;
        // This process holds the state directory's lock, so a socket file here was left by a host that was killed.
        File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        _listener.Listen(16);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        host.BeginStopping();
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        File.Delete(state.ControlSocket);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            // StopAsync closes the listener before the base class cancels stoppingToken: an accept cut short by either ends the loop.
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && (stoppingToken.IsCancellationRequested || _stopping.IsCancellationRequested))
            {
                return;
            }

            var connection = ServeConnectionAsync(client);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        await Task.Yield();
        await using var connection = new Connection(socket);
        try
        {
            var request = await connection.ReadRequestAsync(RequestPatience, _stopping.Token).ConfigureAwait(false);
            if (request.Error is { } error)
            {
                await connection.SendAsync(new HostEvent(HostEventKinds.Invalid, error)).ConfigureAwait(false);
                return;
            }

            await HandleAsync(connection, request.Request!).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away; whatever it held was released when its lease ended.
        }
        catch (Exception ex)
        {
            // A fault in one request must never stop the host or its other previews.
            logger.LogError(ex, "A control request failed.");
            await connection.TrySendAsync(new HostEvent(HostEventKinds.Failed, $"The host could not handle the request: {ex.Message}")).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(Connection connection, HostRequest request)
    {
        switch (request.Verb)
        {
            case HostVerbs.Serve:
                await ServeAsync(connection, request).ConfigureAwait(false);
                break;
            case HostVerbs.Release:
                var released = await host.ReleaseAsync(request.PullRequests).ConfigureAwait(false);
                await connection.SendAsync(new HostEvent(released.Kind, released.Message)).ConfigureAwait(false);
                break;
            case HostVerbs.List:
                await connection.SendAsync(new HostEvent(HostEventKinds.List, Previews: host.List(), Dashboard: dashboard)).ConfigureAwait(false);
                break;
            case HostVerbs.Engines:
                using (var patience = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
                {
                    patience.CancelAfter(TimeSpan.FromMinutes(3));
                    await connection.SendAsync(new HostEvent(HostEventKinds.Engines, Engines: await engines(patience.Token).ConfigureAwait(false))).ConfigureAwait(false);
                }

                break;
            default:
                await connection.SendAsync(new HostEvent(HostEventKinds.Invalid,
                    $"Unknown verb '{request.Verb}'; expected {HostVerbs.Serve}, {HostVerbs.Release}, {HostVerbs.List} or {HostVerbs.Engines}.")).ConfigureAwait(false);
                break;
        }
    }

    private async Task ServeAsync(Connection connection, HostRequest request)
    {
        var lease = PreviewLease.For(request);
        // Whatever the client sends after its request, or its connection closing, ends the lease.
        var leaseEnded = connection.WaitForEndAsync();
        // Disposed by the continuation, never before it: the lease can end after this method has returned.
        var ended = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _ = leaseEnded.ContinueWith(_ =>
        {
            ended.Cancel();
            ended.Dispose();
        }, TaskScheduler.Default);
        var outcome = await host.ServeAsync(request.PullRequests, lease, message => _ = connection.TrySendAsync(new HostEvent(HostEventKinds.Progress, message)), ended.Token,
            new ForkRequest(request.Fork, request.Changed)).ConfigureAwait(false);
        await connection.TrySendAsync(new HostEvent(outcome.Kind, outcome.Message, outcome.Previews, Dashboard: dashboard)).ConfigureAwait(false);
        if (outcome.Kind != HostEventKinds.Ready || request.Detach)
        {
            return;
        }

        await Task.WhenAny(leaseEnded, Task.Delay(Timeout.Infinite, _stopping.Token)).ConfigureAwait(false);
        if (_stopping.IsCancellationRequested)
        {
            await connection.TrySendAsync(new HostEvent(HostEventKinds.Stopping, "The preview host is stopping, and with it these PRs.")).ConfigureAwait(false);
            return;
        }

        await host.ReleaseLeaseAsync(lease).ConfigureAwait(false);
        await connection.TrySendAsync(new HostEvent(HostEventKinds.Released, $"Released {string.Join(", ", outcome.Previews.Select(p => $"PR {p.PullRequest}"))}.")).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        _stopping.Dispose();
        base.Dispose();
    }

    /// <summary>One client connection: line-delimited JSON, writes serialized.</summary>
    private sealed class Connection(Socket socket) : IAsyncDisposable
    {
        private readonly NetworkStream _stream = new(socket, ownsSocket: true);
        private readonly SemaphoreSlim _writing = new(1, 1);
        private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        private readonly StringBuilder _pending = new();
        private readonly byte[] _buffer = new byte[4096];

        public async Task<(HostRequest? Request, string? Error)> ReadRequestAsync(TimeSpan patience, CancellationToken stopping)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(patience);
            string? line;
            try
            {
                line = await ReadLineAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                return (null, $"No request arrived within {patience.TotalSeconds:0} s.");
            }
            catch (InvalidDataException ex)
            {
                return (null, ex.Message);
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                return (null, "Empty request; expected one JSON object such as {\"verb\":\"serve\",\"pullRequests\":[\"42\"]}.");
            }

            try
            {
                var request = JsonSerializer.Deserialize<HostRequest>(line, HostWire.Options);
                return request?.Verb is null
                    ? (null, "The request names no verb; expected one JSON object such as {\"verb\":\"serve\",\"pullRequests\":[\"42\"]}.")
                    : (request, null);
            }
            catch (JsonException ex)
            {
                return (null, $"Not a request (expected one JSON object per line): {ex.Message}");
            }
        }

        /// <summary>Completes when the client sends anything more or closes its side.</summary>
        public async Task WaitForEndAsync()
        {
            try
            {
                await _stream.ReadAsync(_buffer).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
            }
        }

        public async Task SendAsync(HostEvent message)
        {
            var bytes = Encoding.UTF8.GetBytes(HostWire.Line(message));
            await _writing.WaitAsync().ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(bytes).ConfigureAwait(false);
            }
            finally
            {
                _writing.Release();
            }
        }

        public async Task TrySendAsync(HostEvent message)
        {
            try
            {
                await SendAsync(message).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The client is gone.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            _writing.Dispose();
        }

        private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var chars = new char[_buffer.Length];
            while (true)
            {
                var newline = _pending.ToString().IndexOf('\n', StringComparison.Ordinal);
                if (newline >= 0)
                {
                    return _pending.ToString(0, newline);
                }

                if (_pending.Length > HostWire.MaxLineLength)
                {
                    throw new InvalidDataException($"The request is longer than {HostWire.MaxLineLength} characters; not a request.");
                }

                var read = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return _pending.Length == 0 ? null : _pending.ToString();
                }

                try
                {
                    var count = _decoder.GetChars(_buffer, 0, read, chars, 0);
                    _pending.Append(chars, 0, count);
                }
                catch (DecoderFallbackException)
                {
                    throw new InvalidDataException("The request is not UTF-8 text; not a request.");
                }
            }
        }
    }
}
