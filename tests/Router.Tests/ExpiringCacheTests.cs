using PreviewAspire.Naming;

namespace PreviewAspire.Router.Tests;

/// <summary>The router's answer cache keeps answers for their lifetime and never more of them than its capacity.</summary>
public sealed class ExpiringCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ManualTime _time = new();

    [Fact]
    public void An_answer_is_kept_for_its_lifetime_and_then_asked_again()
    {
        var cache = new ExpiringCache<int, string>(_time, Lifetime, capacity: 4);
        cache.Set(1, "one");

        _time.Advance(Lifetime);
        Assert.True(cache.TryGet(1, out var kept));
        Assert.Equal("one", kept);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet(1, out _));
    }

    [Fact]
    public void A_full_cache_of_live_answers_does_not_grow_and_keeps_what_it_has()
    {
        var cache = new ExpiringCache<int, string>(_time, Lifetime, capacity: 3);
        foreach (var key in Enumerable.Range(1, 10))
        {
            cache.Set(key, $"answer {key}");
        }

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet(1, out _));
        Assert.False(cache.TryGet(4, out _));

        // A key it holds is still refreshed when full.
        _time.Advance(TimeSpan.FromSeconds(3));
        cache.Set(1, "fresh");
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(cache.TryGet(1, out var fresh));
        Assert.Equal("fresh", fresh);
        Assert.False(cache.TryGet(2, out _));
    }

    [Fact]
    public void Inserting_into_a_full_cache_drops_the_expired_answers()
    {
        var cache = new ExpiringCache<int, string>(_time, Lifetime, capacity: 3);
        cache.Set(1, "one");
        cache.Set(2, "two");
        _time.Advance(TimeSpan.FromSeconds(4));
        cache.Set(3, "three");

        _time.Advance(TimeSpan.FromSeconds(2));
        cache.Set(4, "four");

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(3, out _));
        Assert.True(cache.TryGet(4, out _));
    }

    [Fact]
    public void A_flood_sweeps_at_most_once_per_lifetime()
    {
        var cache = new ExpiringCache<int, string>(_time, Lifetime, capacity: 2);
        cache.Set(1, "one");
        _time.Advance(TimeSpan.FromSeconds(6));
        cache.Set(2, "two");
        cache.Set(3, "three"); // full: sweeps, drops 1, keeps 3
        Assert.True(cache.TryGet(3, out _));

        _time.Advance(TimeSpan.FromSeconds(6));
        cache.Set(4, "four"); // a lifetime later: sweeps again, 2 and 3 expired
        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Set(5, "five");
        cache.Set(6, "six"); // full of live answers and swept a second ago: not kept

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet(6, out _));
    }
}
