namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// An engine (Postgres, Redis, RabbitMQ) run as a local server process: its data directory, its administrator
/// password and its TCP endpoint on 127.0.0.1. Each engine adds its own connection-string format.
/// </summary>
public abstract class LocalEngineResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>Creates the resource, working in <paramref name="dataRoot"/>.</summary>
    protected LocalEngineResource(string name, string command, string dataRoot, ParameterResource password)
        : base(name, command, dataRoot)
    {
        DataRoot = dataRoot;
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The engine's directory: its data and the configuration written before each start.</summary>
    public string DataRoot { get; }

    /// <summary>The administrator's password.</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>The engine's TCP endpoint on 127.0.0.1.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <inheritdoc />
    public abstract ReferenceExpression ConnectionStringExpression { get; }
}
