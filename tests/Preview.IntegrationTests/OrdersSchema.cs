using Npgsql;
using PreviewAspire.Orders;
using PreviewAspire.Provisioning;

namespace PreviewAspire.IntegrationTests;

/// <summary>The sample app's schema, as the provisioner uses it.</summary>
internal sealed class OrdersSchema : IPreviewDatabaseSchema
{
    public string Fingerprint => OrdersDatabase.Fingerprint;

    public Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken) => OrdersDatabase.MigrateAsync(connection, cancellationToken);

    public Task SeedAsync(NpgsqlConnection connection, CancellationToken cancellationToken) => OrdersDatabase.SeedAsync(connection, cancellationToken);
}
