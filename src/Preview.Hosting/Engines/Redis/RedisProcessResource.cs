namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Redis server run as a local process, with the same connection-string contract as Aspire's <c>RedisResource</c>:
/// <c>host:port,password=..</c>.
/// </summary>
public sealed class RedisProcessResource : LocalEngineResource
{
    /// <summary>Creates the resource; <paramref name="dataRoot"/> holds its configuration and snapshot.</summary>
    public RedisProcessResource(string name, string command, string dataRoot, ParameterResource password)
        : base(name, command, dataRoot, password)
    {
    }

    /// <summary>The configuration file written before each start (owner-only: it holds the password).</summary>
    public string ConfigurationFile => Path.Combine(DataRoot, "redis.conf");

    /// <summary>
    /// The ACL file (owner-only): the administrator as Redis's default user, and the PRs' users as the provisioner's
    /// <c>ACL SAVE</c> left them, so they survive a restart.
    /// </summary>
    public string AclFile => Path.Combine(DataRoot, "users.acl");

    /// <inheritdoc />
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
