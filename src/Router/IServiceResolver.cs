namespace PreviewAspire.Router;

/// <summary>Whether a Kubernetes Service's DNS name resolves: how cluster mode learns which previews and forks exist.</summary>
public interface IServiceResolver
{
    /// <summary>True when <paramref name="host"/> resolves to at least one address.</summary>
    ValueTask<bool> ResolvesAsync(string host, CancellationToken cancellationToken);
}
