using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace PreviewAspire.Router.Forwarding;

/// <summary>What <see cref="ChunkedDecoder.Next"/> found.</summary>
internal enum ChunkedStep
{
    /// <summary>The input ends inside a size or trailer line: read more, then call again with the unconsumed bytes.</summary>
    NeedMore,

    /// <summary>A piece of body data.</summary>
    Data,

    /// <summary>The last chunk and the trailers were read: the body is complete.</summary>
    Done,

    /// <summary>The input is not valid chunked framing.</summary>
    Invalid,
}

/// <summary>
/// Decodes a <c>Transfer-Encoding: chunked</c> body (RFC 9112 §7.1) incrementally, over whatever bytes have arrived, so
/// the router can pass the data on as it comes. Chunk extensions and trailers are read and dropped.
/// </summary>
internal sealed class ChunkedDecoder
{
    // Size and trailer lines longer than this are refused rather than buffered without end.
    private const int MaxLine = 4096;

    private enum State { Size, Data, DataEnd, Trailer }

    private State _state;
    private long _remaining;

    /// <summary>Starts a new body.</summary>
    public void Reset()
    {
        _state = State.Size;
        _remaining = 0;
    }

    /// <summary>
    /// Reads from <paramref name="input"/>: <paramref name="consumed"/> bytes were used; for <see cref="ChunkedStep.Data"/>,
    /// the data is <c>input.Slice(dataOffset, dataLength)</c> (within the consumed bytes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ChunkedStep Next(ReadOnlySpan<byte> input, out int consumed, out int dataOffset, out int dataLength)
    {
        consumed = 0;
        dataOffset = 0;
        dataLength = 0;
        while (true)
        {
            var rest = input[consumed..];
            switch (_state)
            {
                case State.Data:
                    if (rest.IsEmpty)
                    {
                        return ChunkedStep.NeedMore;
                    }

                    dataOffset = consumed;
                    dataLength = (int)Math.Min(_remaining, rest.Length);
                    consumed += dataLength;
                    _remaining -= dataLength;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    return ChunkedStep.Data;

                case State.DataEnd:
                    if (rest.Length < 2)
                    {
                        return ChunkedStep.NeedMore;
                    }

                    if (rest[0] != (byte)'\r' || rest[1] != (byte)'\n')
                    {
                        return ChunkedStep.Invalid;
                    }

                    consumed += 2;
                    _state = State.Size;
                    break;

                default:
                    var lineEnd = rest.IndexOf("\r\n"u8);
                    if (lineEnd < 0)
                    {
                        return rest.Length > MaxLine ? ChunkedStep.Invalid : ChunkedStep.NeedMore;
                    }

                    var line = rest[..lineEnd];
                    consumed += lineEnd + 2;
                    if (_state == State.Trailer)
                    {
                        if (line.IsEmpty)
                        {
                            return ChunkedStep.Done;
                        }

                        break;
                    }

                    // "<hex size>[;extensions]"
                    var extensions = line.IndexOf((byte)';');
                    var size = (extensions < 0 ? line : line[..extensions]).TrimEnd(" \t"u8);
                    if (size.IsEmpty || size.Length > 15 || !Utf8Parser.TryParse(size, out long length, out var read, 'X') || read != size.Length)
                    {
                        return ChunkedStep.Invalid;
                    }

                    _remaining = length;
                    _state = length == 0 ? State.Trailer : State.Data;
                    break;
            }
        }
    }
}
