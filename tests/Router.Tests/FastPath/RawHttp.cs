using System.Text;

namespace PreviewAspire.Router.Tests.FastPath;

/// <summary>One HTTP/1.1 response read off a raw connection: status, headers (lower-cased names) and body.</summary>
internal sealed record RawResponse(int Status, string Reason, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>Reads HTTP/1.1 responses from a raw stream, byte by byte where framing needs it, so pipelined responses stay apart.</summary>
internal static class RawHttp
{
    public static Task WriteAsync(Stream stream, string text) => stream.WriteAsync(Encoding.Latin1.GetBytes(text)).AsTask();

    public static async Task<RawResponse> ReadResponseAsync(Stream stream, bool headRequest = false)
    {
        var head = await ReadLineBlockAsync(stream);
        var lines = head.Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        var status = int.Parse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }

        var body = new MemoryStream();
        if (headRequest || status is 204 or 304)
        {
        }
        else if (headers.TryGetValue("content-length", out var length))
        {
            await CopyExactlyAsync(stream, body, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (headers.TryGetValue("transfer-encoding", out var coding) && coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync(stream)).Split(';')[0], 16);
                await CopyExactlyAsync(stream, body, size);
                await ReadLineAsync(stream);
                if (size == 0)
                {
                    break;
                }
            }
        }
        else
        {
            await stream.CopyToAsync(body);
        }

        return new RawResponse(status, statusLine.Length > 2 ? statusLine[2] : "", headers, Encoding.Latin1.GetString(body.ToArray()));
    }

    private static async Task<string> ReadLineBlockAsync(Stream stream)
    {
        var text = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync(stream);
            if (line.Length == 0)
            {
                return text.ToString().TrimEnd('\r', '\n');
            }

            text.Append(line).Append("\r\n");
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new EndOfStreamException("The connection closed in the middle of a response.");
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.Latin1.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }

    private static async Task CopyExactlyAsync(Stream from, Stream to, int count)
    {
        var buffer = new byte[count];
        await from.ReadExactlyAsync(buffer);
        await to.WriteAsync(buffer);
    }
}
