using System.Collections.Concurrent;
using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>
/// The time of the last request per preview. Each preview has one <see cref="ActivityCell"/> that its destinations
/// share, so recording a request is one volatile write: no lock, no allocation, no lookup.
/// </summary>
public sealed class PreviewActivity(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, ActivityCell> _cells = new();

    /// <summary>The cell of <paramref name="pullRequest"/>, created on first use; the same cell is returned for as long as the PR is kept.</summary>
    public ActivityCell CellFor(PullRequestId pullRequest) =>
        _cells.TryGetValue(pullRequest.Value, out var cell) ? cell : _cells.GetOrAdd(pullRequest.Value, static _ => new ActivityCell());

    /// <summary>Forgets every PR not in <paramref name="pullRequests"/> (after a new route table drops previews).</summary>
    public void RetainOnly(IReadOnlySet<int> pullRequests)
    {
        foreach (var pullRequest in _cells.Keys)
        {
            if (!pullRequests.Contains(pullRequest))
            {
                _cells.TryRemove(pullRequest, out _);
            }
        }
    }

    /// <summary>Records a request in <paramref name="cell"/> at the current time.</summary>
    public void Touch(ActivityCell cell) => cell.Touch(time.GetUtcNow().UtcTicks);

    /// <summary>Every known preview with its last request, ordered by PR.</summary>
    public ActivityReport Report() =>
        new([.. _cells.OrderBy(pair => pair.Key).Select(pair => new PreviewActivityEntry(pair.Key, pair.Value.LastRequest))]);
}

/// <summary>The last request time of one preview, written lock-free by every request for it.</summary>
public sealed class ActivityCell
{
    private long _lastRequestTicks;

    /// <summary>The last request (UTC), or null when none arrived yet.</summary>
    public DateTime? LastRequest => Volatile.Read(ref _lastRequestTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    /// <summary>Records a request at <paramref name="utcTicks"/>.</summary>
    public void Touch(long utcTicks) => Volatile.Write(ref _lastRequestTicks, utcTicks);
}
