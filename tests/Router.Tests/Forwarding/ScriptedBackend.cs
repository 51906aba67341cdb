using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PreviewAspire.Router.Tests.Forwarding;

/// <summary>
/// A replica speaking raw HTTP/1.1 over TCP, scripted per connection: it reads each request head and answers with
/// whatever the script writes, so tests can misbehave in ways a real server will not (close early, send garbage).
/// </summary>
internal sealed class ScriptedBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    /// <param name="script">Called for each request with its connection's stream, the request number on that connection (0-based) and the request head; returns false to close the connection.</param>
    public ScriptedBackend(Func<NetworkStream, int, string, Task<bool>> script)
    {
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync(script);
    }

    public Uri Url { get; }

    /// <summary>How many connections the router opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public static Task Write(NetworkStream stream, string text) => stream.WriteAsync(Encoding.Latin1.GetBytes(text)).AsTask();

    private async Task AcceptAsync(Func<NetworkStream, int, string, Task<bool>> script)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client, script);
        }
    }

    private static async Task ServeAsync(TcpClient client, Func<NetworkStream, int, string, Task<bool>> script)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[16 * 1024];
            var pending = new StringBuilder();
            try
            {
                for (var index = 0; ; index++)
                {
                    string head;
                    while (true)
                    {
                        var text = pending.ToString();
                        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                        if (end >= 0)
                        {
                            head = text[..end];
                            pending.Remove(0, end + 4);
                            break;
                        }

                        var read = await stream.ReadAsync(buffer);
                        if (read == 0)
                        {
                            return;
                        }

                        pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                    }

                    if (!await script(stream, index, head))
                    {
                        return;
                    }
                }
            }
            catch (IOException)
            {
                // The router closed the connection.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
