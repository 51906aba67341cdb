namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A RabbitMQ broker run as a local process with the management plugin, with the same connection-string contract as
/// Aspire's <c>RabbitMQServerResource</c>: <c>amqp://user:password@host:port</c>.
/// </summary>
public sealed class RabbitMqProcessResource : LocalEngineResource
{
    internal const string ManagementEndpointName = "management";

    /// <summary>The administrator created on first boot.</summary>
    public const string AdminUser = "preview_admin";

    /// <summary>Creates the resource; <paramref name="dataRoot"/> holds its configuration, Mnesia database and Erlang cookie.</summary>
    public RabbitMqProcessResource(string name, string command, string dataRoot, ParameterResource password)
        : base(name, command, dataRoot, password)
    {
        ManagementEndpoint = new EndpointReference(this, ManagementEndpointName);
    }

    /// <summary>The management HTTP API on 127.0.0.1, used to provision per-PR virtual hosts and users.</summary>
    public EndpointReference ManagementEndpoint { get; }

    /// <inheritdoc />
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{AdminUser}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
