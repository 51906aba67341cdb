using Microsoft.Extensions.Configuration;
using PreviewAspire.Hosting;

namespace PreviewAspire.UnitTests;

public class PreviewCommandLineTests
{
    [Fact]
    public void Defaults_apply_when_only_a_pr_is_given()
    {
        var options = PreviewCommandLine.Parse(["--pr", "42"]);
        Assert.Equal([42], options.PullRequests.Select(p => p.Value));
        Assert.Equal(8080, options.RouterPort);
        Assert.Equal("preview.localhost", options.Domain);
        Assert.Equal(InfrastructureMode.Auto, options.Infrastructure);
        Assert.Null(options.StateDirectory);
        Assert.Equal(8, options.Slots);
        Assert.Null(options.IdleTimeout);
    }

    [Fact]
    public void Reads_every_option_and_deduplicates_prs()
    {
        var options = PreviewCommandLine.Parse(["--pr", "8", "--pr=7", "--pr", "8", "--router-port", "9090", "--domain", "Previews.Example.com", "--infrastructure", "PROCESS", "--state-dir", "/tmp/x", "--slots", "0", "--idle-timeout", "90s", "--unrelated", "kept-for-aspire"]);
        Assert.Equal([7, 8], options.PullRequests.Select(p => p.Value));
        Assert.Equal(9090, options.RouterPort);
        Assert.Equal("previews.example.com", options.Domain);
        Assert.Equal(InfrastructureMode.Process, options.Infrastructure);
        Assert.Equal("/tmp/x", options.StateDirectory);
        Assert.Equal(0, options.Slots);
        Assert.Equal(TimeSpan.FromSeconds(90), options.IdleTimeout);
    }

    [Fact]
    public void Configuration_fills_in_what_arguments_do_not_say()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Preview:PullRequests"] = "3, 4",
            ["Preview:RouterPort"] = "8181",
            ["Preview:Domain"] = "example.test",
            ["Preview:Infrastructure"] = "container",
            ["Preview:Slots"] = "5",
            ["Preview:IdleTimeout"] = "30m",
        }).Build();

        var options = PreviewCommandLine.Parse(["--router-port", "8282"], configuration);
        Assert.Equal([3, 4], options.PullRequests.Select(p => p.Value));
        Assert.Equal(8282, options.RouterPort);
        Assert.Equal("example.test", options.Domain);
        Assert.Equal(InfrastructureMode.Container, options.Infrastructure);
        Assert.Equal(5, options.Slots);
        Assert.Equal(TimeSpan.FromMinutes(30), options.IdleTimeout);
    }

    [Fact]
    public void Idle_timeout_off_keeps_previews_awake()
    {
        Assert.Null(PreviewCommandLine.Parse(["--idle-timeout", "off"]).IdleTimeout);
    }

    [Fact]
    public void A_host_may_start_with_no_pr_and_serve_prs_later()
    {
        var options = PreviewCommandLine.Parse([]);
        Assert.Empty(options.PullRequests);
        Assert.Equal(PreviewOptions.DefaultSlots, options.Slots);
    }

    [Fact]
    public void Pr_main_publishes_the_baseline_and_no_pr()
    {
        var options = PreviewCommandLine.Parse(["--pr", "main"]);
        Assert.True(options.PublishBaseline);
        Assert.Empty(options.PullRequests);
        Assert.False(PreviewCommandLine.Parse(["--pr", "7"]).PublishBaseline);
    }

    [Theory]
    [InlineData(new[] { "--pr", "main", "--pr", "7" }, "--pr main publishes the baseline")]
    [InlineData(new[] { "--pr", "main", "--fork", "api" }, "--pr main publishes the baseline")]
    [InlineData(new[] { "--pr", "main", "--changed-from", "origin/main" }, "--pr main publishes the baseline")]
    public void The_baseline_is_published_alone_with_every_service(string[] args, string expected)
    {
        var error = Assert.Throws<PreviewUsageException>(() => PreviewCommandLine.Parse(args));
        Assert.StartsWith(expected, error.Message);
    }

    [Theory]
    [InlineData(new[] { "--pr" }, "--pr needs a value")]
    [InlineData(new[] { "--pr", "--router-port", "1" }, "--pr needs a value")]
    [InlineData(new[] { "--pr", "0" }, "start at 1")]
    [InlineData(new[] { "--pr", "-3" }, "not a valid PR id")]
    [InlineData(new[] { "--pr", "abc" }, "not a valid PR id")]
    [InlineData(new[] { "--pr", "12345678901" }, "too large")]
    [InlineData(new[] { "--pr", "1", "--router-port", "0" }, "not a TCP port")]
    [InlineData(new[] { "--pr", "1", "--router-port", "70000" }, "not a TCP port")]
    [InlineData(new[] { "--pr", "1", "--router-port", "http" }, "not a TCP port")]
    [InlineData(new[] { "--pr", "1", "--domain", "bad_domain" }, "not a valid DNS name")]
    [InlineData(new[] { "--pr", "1", "--infrastructure", "kubernetes" }, "expected auto, process or container")]
    [InlineData(new[] { "--pr", "1", "--infrastructure", "1" }, "expected auto, process or container")]
    [InlineData(new[] { "--pr", "1", "--slots", "-1" }, "not a number of slots")]
    [InlineData(new[] { "--pr", "1", "--slots", "65" }, "from 0 to 64")]
    [InlineData(new[] { "--pr", "1", "--slots", "two" }, "not a number of slots")]
    [InlineData(new[] { "--pr", "1", "--idle-timeout", "0s" }, "--idle-timeout: '0s' is not a duration")]
    [InlineData(new[] { "--pr", "1", "--idle-timeout", "soon" }, "such as 30m")]
    public void Bad_input_gets_one_line_saying_what_is_wrong(string[] args, string expected)
    {
        var error = Assert.Throws<PreviewUsageException>(() => PreviewCommandLine.Parse(args));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
