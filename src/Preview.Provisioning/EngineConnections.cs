namespace PreviewAspire.Provisioning;

/// <summary>Administrator access to the shared engines, as the AppHost or a Kubernetes Secret hands it over.</summary>
/// <param name="Postgres">Superuser connection string (<c>Host=..;Port=..;Username=..;Password=..</c>).</param>
/// <param name="Redis">Default user's connection string (<c>host:port,password=..</c>).</param>
/// <param name="RabbitMq">Administrator's AMQP URI (<c>amqp://user:password@host:port</c>); its credentials also open the management API.</param>
/// <param name="RabbitMqManagement">The management API's base URI (<c>http://host:15672</c>).</param>
public sealed record EngineConnections(string Postgres, string Redis, string RabbitMq, Uri RabbitMqManagement);
