using System.Text.Json;

namespace PreviewAspire.Router;

/// <summary>
/// The <see cref="ServiceMeshDocument"/> of the route table in force, serialized once per table, and the long poll that
/// lets services wait for the next one without asking again and again.
/// </summary>
public sealed class ServiceMesh
{
    private readonly Lock _writer = new();
    private long _nextVersion;
    private volatile Snapshot _current;

    /// <summary>Creates the mesh with no table yet (version 0); versions of tables count up from the current Unix time in milliseconds.</summary>
    public ServiceMesh(TimeProvider time)
    {
        _nextVersion = Math.Max(1, time.GetUtcNow().ToUnixTimeMilliseconds());
        _current = Serialize(new ServiceMeshDocument(0, new Dictionary<string, Uri>(), new Dictionary<int, IReadOnlyDictionary<string, Uri>>()));
    }

    /// <summary>The document in force and its JSON.</summary>
    public Snapshot Current => _current;

    /// <summary>Builds the document of <paramref name="table"/> (already validated) under a new version and wakes every waiting poll.</summary>
    public void Publish(RouteTable table)
    {
        var baseline = new SortedDictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var (name, url) in table.Baseline?.Services ?? new Dictionary<string, Uri>())
        {
            baseline[name] = url;
        }

        var forks = new SortedDictionary<int, IReadOnlyDictionary<string, Uri>>();
        foreach (var preview in table.Previews)
        {
            if (preview.Services is { Count: > 0 } services)
            {
                forks[preview.PullRequest] = new SortedDictionary<string, Uri>(services.ToDictionary(), StringComparer.Ordinal);
            }
        }

        lock (_writer)
        {
            var previous = _current;
            _current = Serialize(new ServiceMeshDocument(_nextVersion++, baseline, forks));
            previous.Replaced.TrySetResult();
        }
    }

    /// <summary>
    /// The document in force at once when its version differs from <paramref name="after"/>; otherwise the next one as
    /// soon as it is published, or the same one when <paramref name="wait"/> passes or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<Snapshot> WaitAsync(long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current.Document.Version != after)
        {
            return current;
        }

        try
        {
            await current.Replaced.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Nothing new: the same version again.
        }

        return _current;
    }

    private static Snapshot Serialize(ServiceMeshDocument document) =>
        new(document, JsonSerializer.SerializeToUtf8Bytes(document, RouteTableJson.Default.ServiceMeshDocument));

    /// <summary>One published document.</summary>
    /// <param name="Document">The document.</param>
    /// <param name="Json">Its JSON (UTF-8), as <c>GET /mesh</c> answers it.</param>
    public sealed record Snapshot(ServiceMeshDocument Document, byte[] Json)
    {
        /// <summary>Completed when a newer document replaces this one.</summary>
        internal TaskCompletionSource Replaced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
