using System.Text;
using PreviewAspire.Router.Forwarding;

namespace PreviewAspire.Router.Tests.Forwarding;

public sealed class ResponseHeadTests
{
    private static ResponseHead Parse(string head, bool headRequest = false)
    {
        var parsed = new ResponseHead();
        Assert.True(parsed.TryParse(Encoding.Latin1.GetBytes(head), headRequest, out var error), error);
        return parsed;
    }

    private static string? Refuse(string head)
    {
        Assert.False(new ResponseHead().TryParse(Encoding.Latin1.GetBytes(head), false, out var error));
        return error;
    }

    [Fact]
    public void A_length_framed_response_keeps_its_headers_in_order_without_the_framing_ones()
    {
        var head = Parse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nKeep-Alive: timeout=5\r\nConnection: keep-alive\r\n");

        Assert.Equal(200, head.Status);
        Assert.Equal(ResponseFraming.Length, head.Framing);
        Assert.Equal(13, head.ContentLength);
        Assert.True(head.KeepAlive);
        Assert.Equal(["Content-Type: text/plain", "Set-Cookie: a=1", "Set-Cookie: b=2"], head.Headers.Select(h => $"{h.Key}: {h.Value}"));
    }

    [Fact]
    public void Values_are_trimmed_and_a_status_line_without_reason_is_accepted()
    {
        var head = Parse("HTTP/1.1 404\r\nX-Thing:   spaced \t\r\nContent-Length:0\r\n");

        Assert.Equal(404, head.Status);
        Assert.Equal("spaced", Assert.Single(head.Headers).Value);
        Assert.Equal(0, head.ContentLength);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked", "Chunked", true)]
    [InlineData("Transfer-Encoding: gzip, chunked", "Chunked", true)]
    [InlineData("Transfer-Encoding: gzip", "UntilClose", false)]
    [InlineData("X-None: 1", "UntilClose", false)]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 5", "Chunked", false)]
    [InlineData("Content-Length: 5\r\nConnection: close", "Length", false)]
    public void The_framing_decides_whether_the_connection_can_carry_another_request(string headers, string framing, bool keepAlive)
    {
        var head = Parse($"HTTP/1.1 200 OK\r\n{headers}\r\n");

        Assert.Equal(framing, head.Framing.ToString());
        Assert.Equal(keepAlive, head.KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\n", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n", false)]
    [InlineData("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n", true)]
    public void Some_responses_never_have_a_body(string head, bool headRequest)
    {
        var parsed = Parse(head, headRequest);

        Assert.Equal(ResponseFraming.None, parsed.Framing);
        Assert.True(parsed.KeepAlive);
    }

    [Fact]
    public void An_http_1_0_response_closes_the_connection()
    {
        Assert.False(Parse("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n").KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/2 200\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n")]
    [InlineData("HTTP/1.1 099 Odd\r\n")]
    [InlineData("hello\r\n")]
    public void A_status_line_that_is_not_http_1_is_refused(string head)
    {
        Assert.Equal("the status line is not HTTP/1.x", Refuse(head));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nNo-Colon\r\n", "a header line is malformed")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: x\r\n", "a header line is malformed")]
    [InlineData("HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n", "a header line is malformed")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n", "Content-Length is invalid")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n", "Content-Length is invalid")]
    public void Malformed_headers_are_refused(string head, string error)
    {
        Assert.Equal(error, Refuse(head));
    }

    [Fact]
    public void The_parser_is_reused_from_one_response_to_the_next()
    {
        var head = new ResponseHead();
        Assert.True(head.TryParse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nA: 1\r\n"u8, false, out _));
        Assert.True(head.TryParse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"u8, false, out _));

        Assert.Empty(head.Headers);
        Assert.Equal(ResponseFraming.Chunked, head.Framing);
    }
}
