namespace PreviewAspire.Hosting;

/// <summary>How a preview's engines (Postgres, Redis, RabbitMQ) are run locally. Configuration key <c>Preview:Infrastructure</c>.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a healthy container runtime answers, otherwise local server processes.</summary>
    Auto,

    /// <summary>Local server processes from the machine's packages (postgresql, redis-server, rabbitmq-server).</summary>
    Process,

    /// <summary>The official Aspire container integrations; needs a running Docker or Podman engine.</summary>
    Container,
}
