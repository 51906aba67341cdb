namespace PreviewAspire.Provisioning;

/// <summary>Finds and tears down previews nobody has used for longer than a given age.</summary>
public static class PreviewGarbageCollector
{
    /// <summary>The previews whose last use is older than <paramref name="olderThan"/> at <paramref name="now"/>.</summary>
    public static IReadOnlyList<PreviewDatabaseInfo> SelectStale(IEnumerable<PreviewDatabaseInfo> previews, DateTimeOffset now, TimeSpan olderThan) =>
        [.. previews.Where(p => now - p.LastUsedAt > olderThan).OrderBy(p => p.PullRequest)];

    /// <summary>Tears down every stale preview and returns them; fresh ones are left alone.</summary>
    public static async Task<IReadOnlyList<PreviewDatabaseInfo>> CollectAsync(PreviewProvisioner provisioner, DateTimeOffset now, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var stale = SelectStale(await provisioner.Postgres.ListAsync(cancellationToken).ConfigureAwait(false), now, olderThan);
        foreach (var preview in stale)
        {
            await provisioner.TeardownAsync(preview.PullRequest, cancellationToken).ConfigureAwait(false);
        }

        return stale;
    }
}
