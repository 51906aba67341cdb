namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Redis server run as a local process, with the same connection-string contract as Aspire's <c>RedisResource</c>:
/// <c>host:port,password=..</c>.
/// </summary>
public sealed class RedisProcessResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>Creates the resource; <paramref name="dataRoot"/> holds its configuration and snapshot.</summary>
    public RedisProcessResource(string name, string command, string dataRoot, ParameterResource password)
        : base(name, command, dataRoot)
    {
        DataRoot = dataRoot;
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The directory holding <c>redis.conf</c> and the snapshot.</summary>
    public string DataRoot { get; }

    /// <summary>The configuration file written before each start (owner-only: it holds the password).</summary>
    public string ConfigurationFile => Path.Combine(DataRoot, "redis.conf");

    /// <summary>The default user's password.</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>The TCP endpoint on 127.0.0.1.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
