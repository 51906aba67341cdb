namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// One of a preview's data surfaces — its database, Redis user or RabbitMQ virtual host — as a child resource with its
/// own connection string, in the manner of Aspire's <c>PostgresDatabaseResource</c>. The host sets its state with its
/// preview's: idle while the preview serves no PR, running while it does.
/// </summary>
/// <param name="name">The resource name, for example <c>pr7-postgres</c> or <c>slot1-postgres</c>.</param>
/// <param name="connectionString">The connection string, built from the preview's identity.</param>
/// <param name="parent">The preview it belongs to.</param>
public sealed class PreviewDataSurfaceResource(string name, ReferenceExpression connectionString, PreviewResource parent)
    : Resource(name), IResourceWithConnectionString, IResourceWithParent<PreviewResource>
{
    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;

    /// <inheritdoc />
    public PreviewResource Parent { get; } = parent;
}
