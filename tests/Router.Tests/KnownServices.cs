namespace PreviewAspire.Router.Tests;

/// <summary>A resolver that knows a fixed set of Services (<c>&lt;service&gt;.&lt;namespace&gt;</c>) under one cluster domain.</summary>
internal sealed class KnownServices(string clusterDomain, string[] services) : IServiceResolver
{
    private int _lookups;

    public int Lookups => _lookups;

    public ValueTask<bool> ResolvesAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return ValueTask.FromResult(services.Any(service => host == $"{service}.{clusterDomain}"));
    }
}
