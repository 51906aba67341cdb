using System.Collections.Concurrent;

namespace PreviewAspire.Naming;

/// <summary>
/// Answers kept for <c>lifetime</c>, at most <c>capacity</c> of them: what the cluster naming convention resolves to, for
/// the router (a PR's Services) and for ServiceDefaults (a PR's forks). Any request for any PR may add one, so the
/// cache must not grow with what clients ask for. Once it is full, an insert first drops the expired answers; if it is
/// still full, the new answer is used but not kept. That sweep runs at most once per lifetime (only time makes answers
/// expire), so a flood of made-up hosts costs one pass over the cache per lifetime, not one per request.
/// </summary>
/// <typeparam name="TKey">What an answer is for.</typeparam>
/// <typeparam name="TValue">The answer.</typeparam>
public sealed class ExpiringCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset StoredAt)> _entries = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private readonly Lock _sweep = new();
    private DateTimeOffset _sweptAt = DateTimeOffset.MinValue;

    /// <summary>A cache of at most <paramref name="capacity"/> answers, each kept for <paramref name="lifetime"/> by <paramref name="time"/>.</summary>
    public ExpiringCache(TimeProvider time, TimeSpan lifetime, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _lifetime = lifetime;
        _capacity = capacity;
    }

    /// <summary>How many answers are kept now, expired ones not yet dropped included.</summary>
    public int Count => _entries.Count;

    /// <summary>The answer for <paramref name="key"/> when one is kept and has not expired.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && !Expired(entry.StoredAt, _time.GetUtcNow()))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="key"/> from now on, unless the cache is full of live answers.</summary>
    public void Set(TKey key, TValue value)
    {
        var now = _time.GetUtcNow();
        if (!_entries.ContainsKey(key) && _entries.Count >= _capacity && !SweptRoom(now))
        {
            return;
        }

        _entries[key] = (value, now);
    }

    // Drops the expired answers, unless that was done less than a lifetime ago; true when there is room afterwards.
    private bool SweptRoom(DateTimeOffset now)
    {
        lock (_sweep)
        {
            if (now - _sweptAt >= _lifetime)
            {
                _sweptAt = now;
                foreach (var (key, entry) in _entries)
                {
                    if (Expired(entry.StoredAt, now))
                    {
                        _entries.TryRemove(new KeyValuePair<TKey, (TValue, DateTimeOffset)>(key, entry));
                    }
                }
            }

            return _entries.Count < _capacity;
        }
    }

    private bool Expired(DateTimeOffset storedAt, DateTimeOffset now) => now - storedAt > _lifetime;
}
