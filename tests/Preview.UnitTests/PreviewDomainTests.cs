using PreviewAspire.Naming;

namespace PreviewAspire.UnitTests;

public class PreviewDomainTests
{
    [Theory]
    [InlineData("pr42.preview.localhost", 42, PreviewSurface.Frontend)]
    [InlineData("pr42.preview.localhost:8080", 42, PreviewSurface.Frontend)]
    [InlineData("PR42-API.Preview.Localhost", 42, PreviewSurface.Api)]
    [InlineData("pr7-api.preview.localhost.", 7, PreviewSurface.Api)]
    public void Parses_preview_hosts(string host, int id, PreviewSurface surface)
    {
        Assert.True(PreviewDomain.TryParseHost(host, "preview.localhost", out var parsed, out var parsedSurface));
        Assert.Equal(id, parsed.Value);
        Assert.Equal(surface, parsedSurface);
    }

    [Theory]
    [InlineData("preview.localhost")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("pr.preview.localhost")]
    [InlineData("pr0.preview.localhost")]
    [InlineData("pr042.preview.localhost")]
    [InlineData("pr42-web.preview.localhost")]
    [InlineData("pr42-api-api.preview.localhost")]
    [InlineData("x.pr42.preview.localhost")]
    [InlineData("pr42.preview.localhost.evil.com")]
    [InlineData("pr42preview.localhost")]
    [InlineData("pr1000000000.preview.localhost")]
    [InlineData("pr-1.preview.localhost")]
    [InlineData("")]
    public void Rejects_everything_else(string host) =>
        Assert.False(PreviewDomain.TryParseHost(host, "preview.localhost", out _, out _));

    [Theory]
    [InlineData("main.preview.localhost", PreviewSurface.Frontend)]
    [InlineData("MAIN-API.preview.localhost:8080", PreviewSurface.Api)]
    [InlineData("main-api.preview.localhost.", PreviewSurface.Api)]
    public void Recognises_the_baseline_hosts_only_when_asked(string host, PreviewSurface surface)
    {
        Assert.True(PreviewDomain.TryParseHost(host, "preview.localhost", out var id, out var parsedSurface, out var baseline));
        Assert.True(baseline);
        Assert.Equal(default, id);
        Assert.Equal(surface, parsedSurface);
        Assert.Equal(PreviewNames.Baseline.Host(surface, "preview.localhost"), host.Split(':')[0].TrimEnd('.').ToLowerInvariant());

        Assert.False(PreviewDomain.TryParseHost(host, "preview.localhost", out _, out _));
    }

    [Theory]
    [InlineData("pr42.preview.localhost", 42, PreviewSurface.Frontend)]
    [InlineData("pr42-api.preview.localhost", 42, PreviewSurface.Api)]
    public void The_baseline_aware_overload_parses_preview_hosts_as_not_baseline(string host, int id, PreviewSurface surface)
    {
        Assert.True(PreviewDomain.TryParseHost(host, "preview.localhost", out var parsed, out var parsedSurface, out var baseline));
        Assert.False(baseline);
        Assert.Equal(id, parsed.Value);
        Assert.Equal(surface, parsedSurface);
    }

    [Theory]
    [InlineData("main-web.preview.localhost")]
    [InlineData("main-api-api.preview.localhost")]
    [InlineData("mainx.preview.localhost")]
    [InlineData("x.main.preview.localhost")]
    [InlineData("main.preview.localhost.evil.com")]
    [InlineData("-api.preview.localhost")]
    [InlineData("pr42-api-api.preview.localhost")]
    [InlineData("main")]
    public void The_baseline_aware_overload_rejects_everything_else(string host) =>
        Assert.False(PreviewDomain.TryParseHost(host, "preview.localhost", out _, out _, out _));

    [Theory]
    [InlineData("")]
    [InlineData("-bad.example.com")]
    [InlineData("under_score.com")]
    [InlineData("a..b")]
    public void Rejects_invalid_domains(string domain) =>
        Assert.False(PreviewDomain.TryNormalize(domain, out _));
}
