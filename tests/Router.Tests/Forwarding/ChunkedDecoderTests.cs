using System.Text;
using PreviewAspire.Router.Forwarding;

namespace PreviewAspire.Router.Tests.Forwarding;

public sealed class ChunkedDecoderTests
{
    private const string Body = "5;name=value\r\nhello\r\n7\r\n, world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n";

    // Feeds the input in pieces of `piece` bytes, keeping unconsumed bytes as a reader would, and returns the data.
    private static (string Data, ChunkedStep Last) Decode(string input, int piece)
    {
        var decoder = new ChunkedDecoder();
        decoder.Reset();
        var bytes = Encoding.ASCII.GetBytes(input);
        var pending = new List<byte>();
        var data = new StringBuilder();
        var fed = 0;
        while (true)
        {
            var span = pending.ToArray().AsSpan();
            var step = decoder.Next(span, out var consumed, out var offset, out var length);
            if (step == ChunkedStep.Data)
            {
                data.Append(Encoding.ASCII.GetString(span.Slice(offset, length)));
            }

            pending.RemoveRange(0, consumed);
            if (step is ChunkedStep.Done or ChunkedStep.Invalid)
            {
                return (data.ToString(), step);
            }

            if (step == ChunkedStep.NeedMore)
            {
                if (fed == bytes.Length)
                {
                    return (data.ToString(), step);
                }

                var take = Math.Min(piece, bytes.Length - fed);
                pending.AddRange(bytes.AsSpan(fed, take).ToArray());
                fed += take;
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Decodes_the_data_whatever_way_the_bytes_arrive(int piece)
    {
        var (data, last) = Decode(Body, piece);

        Assert.Equal(ChunkedStep.Done, last);
        Assert.Equal("hello, world0123456789", data);
    }

    [Fact]
    public void Waits_for_more_when_the_body_is_not_finished()
    {
        Assert.Equal(ChunkedStep.NeedMore, Decode("5\r\nhello\r\n", 100).Last);
        Assert.Equal(ChunkedStep.NeedMore, Decode("0\r\nX-Trailer: 1\r\n", 100).Last);
    }

    [Theory]
    [InlineData("zz\r\nhello\r\n0\r\n\r\n")]
    [InlineData("\r\n")]
    [InlineData("5\r\nhelloXX0\r\n\r\n")]
    [InlineData("-5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("1000000000000000\r\n")]
    public void Refuses_what_is_not_chunked_framing(string input)
    {
        Assert.Equal(ChunkedStep.Invalid, Decode(input, 100).Last);
    }

    [Fact]
    public void Refuses_a_size_line_without_end()
    {
        Assert.Equal(ChunkedStep.Invalid, Decode(new string('1', 5000), 5000).Last);
    }
}
