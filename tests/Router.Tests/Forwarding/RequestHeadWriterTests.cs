using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using PreviewAspire.Router.Forwarding;

namespace PreviewAspire.Router.Tests.Forwarding;

public sealed class RequestHeadWriterTests
{
    private static DefaultHttpContext Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }

    private static string Write(HttpRequest request, string? baggage = "preview.pr=7", IPAddress? client = null)
    {
        var writer = new RequestHeadWriter();
        writer.Write(request, "/a?b=1", "127.0.0.1:41000", baggage, client ?? IPAddress.Loopback);
        return Encoding.UTF8.GetString(writer.Head.Span);
    }

    [Fact]
    public void Writes_the_request_line_the_client_headers_and_the_routers_own_in_order()
    {
        var context = Request(("Host", "pr7.preview.test"), ("Accept", "text/html"), ("Connection", "keep-alive"), ("baggage", "preview.pr=9"));

        Assert.Equal(
            "GET /a?b=1 HTTP/1.1\r\nHost: pr7.preview.test\r\nAccept: text/html\r\nbaggage: preview.pr=7\r\n" +
            "X-Forwarded-Host: pr7.preview.test\r\nX-Forwarded-Proto: http\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n",
            Write(context.Request));
    }

    [Fact]
    public void A_request_without_host_gets_the_replicas_authority_and_one_without_context_no_baggage()
    {
        var head = Write(Request().Request, baggage: null);

        Assert.StartsWith("GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:41000\r\n", head);
        Assert.DoesNotContain("baggage", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("X-Forwarded-Host", head, StringComparison.Ordinal);
    }

    [Fact]
    public void The_routers_forwarding_values_follow_the_callers_in_one_line_each()
    {
        var context = Request(("Host", "pr7.preview.test"), ("X-Forwarded-For", "10.0.0.1"), ("X-Forwarded-Proto", "https"));

        var head = Write(context.Request, client: IPAddress.Parse("10.9.8.7"));

        Assert.Contains("\r\nX-Forwarded-For: 10.0.0.1, 10.9.8.7\r\n", head);
        Assert.Contains("\r\nX-Forwarded-Proto: https, http\r\n", head);
    }

    [Fact]
    public void With_a_router_span_the_trace_continues_through_it()
    {
        var context = Request(("Host", "pr7.preview.test"), ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), ("tracestate", "a=1"));
        using var span = new Activity("router").SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").Start();

        var head = Write(context.Request);

        Assert.Contains($"\r\ntraceparent: {span.Id}\r\n", head);
        Assert.DoesNotContain("b7ad6b7169203331", head, StringComparison.Ordinal);
        Assert.DoesNotContain("tracestate", head, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_head_grows_the_buffer()
    {
        var context = Request(("Host", "pr7.preview.test"), ("Cookie", new string('c', 20_000)));

        Assert.Contains(new string('c', 20_000), Write(context.Request));
    }
}
