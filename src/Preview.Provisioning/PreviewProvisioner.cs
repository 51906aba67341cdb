using PreviewAspire.Naming;

namespace PreviewAspire.Provisioning;

/// <summary>
/// Creates and removes everything one PR owns on the shared engines: its database branch and role, its Redis ACL user
/// and keys, its RabbitMQ virtual host and user. Idempotent; the same code runs locally and as a Kubernetes Job.
/// Without a schema it can tear down and list, but not provision. <paramref name="limits"/> bound what each PR may take
/// from the shared engines (<see cref="PreviewLimits.Default"/> when null).
/// </summary>
public sealed class PreviewProvisioner(EngineConnections engines, IPreviewDatabaseSchema? schema, TimeProvider? time = null, PreviewLimits? limits = null) : IDisposable
{
    private readonly RabbitMqPreviewVirtualHosts _rabbitMq = new(engines.RabbitMq, engines.RabbitMqManagement, limits);

    /// <summary>The PR's Postgres surface.</summary>
    public PostgresPreviewDatabases Postgres { get; } = new(engines.Postgres, schema, time, limits);

    /// <summary>The PR's Redis surface.</summary>
    public RedisPreviewUsers Redis { get; } = new(engines.Redis);

    /// <summary>The PR's RabbitMQ surface.</summary>
    public RabbitMqPreviewVirtualHosts RabbitMq => _rabbitMq;

    /// <summary>Creates the PR's surfaces, or brings them back in line (passwords, permissions) when they exist.</summary>
    public Task ProvisionAsync(PullRequestId pullRequest, PreviewCredentials credentials, CancellationToken cancellationToken) =>
        ProvisionAsync(pullRequest.Names, credentials, cancellationToken);

    /// <summary>Creates the surfaces of <paramref name="names"/>: a PR's, or the baseline's (<see cref="PreviewNames.Baseline"/>).</summary>
    public async Task ProvisionAsync(PreviewNames names, PreviewCredentials credentials, CancellationToken cancellationToken)
    {
        // The three engines are independent, and each step is idempotent: a failed one is simply provisioned again.
        await Task.WhenAll(
            Postgres.ProvisionAsync(names, credentials.Postgres, cancellationToken),
            Redis.ProvisionAsync(names, credentials.Redis, cancellationToken),
            RabbitMq.ProvisionAsync(names, credentials.RabbitMq, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes everything the PR created; a second call finds nothing and succeeds.</summary>
    public async Task TeardownAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        await RabbitMq.TeardownAsync(pullRequest, cancellationToken).ConfigureAwait(false);
        await Redis.TeardownAsync(pullRequest, cancellationToken).ConfigureAwait(false);
        await Postgres.TeardownAsync(pullRequest, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _rabbitMq.Dispose();
}
