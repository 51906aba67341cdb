using Npgsql;
using PreviewAspire.Orders;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Provisioner;

/// <summary>The sample application's schema (migrations and seed from Orders.Data) as the template database source.</summary>
public sealed class OrdersSchema : IPreviewDatabaseSchema
{
    public string Fingerprint => OrdersDatabase.Fingerprint;

    public Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken) => OrdersDatabase.MigrateAsync(connection, cancellationToken);

    public Task SeedAsync(NpgsqlConnection connection, CancellationToken cancellationToken) => OrdersDatabase.SeedAsync(connection, cancellationToken);
}
