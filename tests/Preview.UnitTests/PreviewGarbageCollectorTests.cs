using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

public class PreviewGarbageCollectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static PreviewDatabaseInfo Preview(int pr, TimeSpan idle) =>
        new(PullRequestId.From(pr), Now.AddDays(-30), Now - idle, 1024);

    [Fact]
    public void Selects_only_previews_unused_for_longer_than_the_age()
    {
        var previews = new[] { Preview(3, TimeSpan.FromDays(8)), Preview(1, TimeSpan.FromDays(10)), Preview(2, TimeSpan.FromHours(1)), Preview(4, TimeSpan.FromDays(7)) };
        var stale = PreviewGarbageCollector.SelectStale(previews, Now, TimeSpan.FromDays(7));
        Assert.Equal([1, 3], stale.Select(p => p.PullRequest.Value));
    }

    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("2w", 14 * 86400)]
    [InlineData("1.5h", 5400)]
    [InlineData("1.00:00:00", 86400)]
    public void Parses_ages(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration, out _));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("-1d")]
    [InlineData("0h")]
    [InlineData("1x")]
    [InlineData("soon")]
    public void Rejects_what_is_not_an_age(string text)
    {
        Assert.False(DurationText.TryParse(text, out _, out var error));
        Assert.Contains("7d", error);
    }
}
