namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server run as a local process from the machine's packages, with the same connection-string
/// contract as Aspire's <c>PostgresServerResource</c>: <c>Host=..;Port=..;Username=postgres;Password=..</c>.
/// </summary>
public sealed class PostgresProcessResource : LocalEngineResource
{
    /// <summary>The superuser name; the same as the official container image's.</summary>
    public const string AdminUser = "postgres";

    /// <summary>Creates the resource; <paramref name="dataRoot"/> holds the cluster's <c>data</c> directory.</summary>
    public PostgresProcessResource(string name, string command, string dataRoot, ParameterResource password)
        : base(name, command, dataRoot, password)
    {
    }

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory => Path.Combine(DataRoot, "data");

    /// <inheritdoc />
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={AdminUser};Password={PasswordParameter}");
}
