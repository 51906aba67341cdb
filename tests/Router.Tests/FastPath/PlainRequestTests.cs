using System.Text;
using PreviewAspire.Router.FastPath;

namespace PreviewAspire.Router.Tests.FastPath;

/// <summary>Which request heads the fast path takes itself, and the head it sends the replica for them.</summary>
public sealed class PlainRequestTests
{
    private static PlainRequestVerdict Verdict(string head) => new PlainRequest().Parse(Encoding.Latin1.GetBytes(head));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: pr7.preview.test\r\n\r\n")]
    [InlineData("DELETE /items/4?x=%20 HTTP/1.1\r\nhost:pr7.preview.test\r\nAccept: */*\r\n\r\n")]
    [InlineData("HEAD / HTTP/1.1\r\nHost: pr7.preview.test:8080\r\nConnection: keep-alive\r\n\r\n")]
    public void Plain_requests_are_taken(string head) => Assert.Equal(PlainRequestVerdict.Plain, Verdict(head));

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("get / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: \r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n")]
    [InlineData("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")]
    public void Everything_else_is_left_to_kestrel(string head) => Assert.Equal(PlainRequestVerdict.Other, Verdict(head));

    [Fact]
    public void A_head_is_waited_for_until_it_is_complete_or_too_long()
    {
        Assert.Equal(PlainRequestVerdict.Incomplete, Verdict("GET / HTTP/1.1\r\nHost: a\r\n"));
        Assert.Equal(PlainRequestVerdict.Other, Verdict("GET / HTTP/1.1\r\nX: " + new string('a', PlainRequest.MaxHead)));
    }

    [Fact]
    public void The_replica_gets_the_callers_headers_minus_hop_by_hop_and_baggage_then_the_routing_context_and_forwarding_headers()
    {
        var head = "GET /p?q=1 HTTP/1.1\r\nHost: pr7.preview.test\r\nAccept:  text/html  \r\nConnection: keep-alive, Keep-Alive\r\n" +
                   "Keep-Alive: timeout=5\r\nProxy-Authorization: Basic x\r\nbaggage: preview.pr=9\r\nX-Forwarded-For: 10.1.2.3\r\n" +
                   "X-Forwarded-Proto: https\r\n\r\nGET /next HTTP/1.1\r\n";
        var input = Encoding.Latin1.GetBytes(head);
        var request = new PlainRequest();
        Assert.Equal(PlainRequestVerdict.Plain, request.Parse(input));
        var output = new byte[16];

        var length = request.WriteForwarded(input, ref output, Encoding.ASCII.GetBytes("preview.pr=7"), "127.0.0.1"u8);

        Assert.Equal(head.IndexOf("GET /next", StringComparison.Ordinal), request.HeadLength);
        Assert.Equal(
            "GET /p?q=1 HTTP/1.1\r\nHost: pr7.preview.test\r\nAccept: text/html\r\nbaggage: preview.pr=7\r\n" +
            "X-Forwarded-Host: pr7.preview.test\r\nX-Forwarded-Proto: https, http\r\nX-Forwarded-For: 10.1.2.3, 127.0.0.1\r\n\r\n",
            Encoding.Latin1.GetString(output, 0, length));
    }

    [Fact]
    public void Connection_close_and_head_requests_are_recognised()
    {
        var request = new PlainRequest();
        Assert.Equal(PlainRequestVerdict.Plain, request.Parse("HEAD / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n"u8));
        Assert.True(request.Close);
        Assert.True(request.IsHead);
        Assert.Equal(PlainRequestVerdict.Plain, request.Parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n"u8));
        Assert.False(request.Close);
        Assert.False(request.IsHead);
    }
}
