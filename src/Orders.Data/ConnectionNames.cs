namespace PreviewAspire.Orders;

/// <summary>
/// The connection names the order services read: the AppHost's resource references must use the same names, which
/// arrive as <c>ConnectionStrings__&lt;name&gt;</c>.
/// </summary>
public static class ConnectionNames
{
    /// <summary>The PR's PostgreSQL database.</summary>
    public const string Database = "ordersdb";

    /// <summary>The Redis server, reached as the PR's ACL user.</summary>
    public const string Cache = "cache";

    /// <summary>The RabbitMQ broker, on the PR's virtual host.</summary>
    public const string Messaging = "messaging";
}
