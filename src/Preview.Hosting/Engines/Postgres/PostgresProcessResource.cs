namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server run as a local process from the machine's packages, with the same connection-string
/// contract as Aspire's <c>PostgresServerResource</c>: <c>Host=..;Port=..;Username=postgres;Password=..</c>.
/// </summary>
public sealed class PostgresProcessResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser name; the same as the official container image's.</summary>
    public const string AdminUser = "postgres";

    /// <summary>Creates the resource; <paramref name="dataRoot"/> holds the cluster's <c>data</c> directory.</summary>
    public PostgresProcessResource(string name, string command, string dataRoot, ParameterResource password)
        : base(name, command, dataRoot)
    {
        DataRoot = dataRoot;
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The directory holding the cluster (<c>data/</c>), owned by the <c>postgres</c> user when run as root.</summary>
    public string DataRoot { get; }

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory => Path.Combine(DataRoot, "data");

    /// <summary>The superuser password.</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>The TCP endpoint on 127.0.0.1.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={AdminUser};Password={PasswordParameter}");
}
