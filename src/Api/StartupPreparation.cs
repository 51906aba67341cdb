using Npgsql;
using PreviewAspire.Orders;

namespace PreviewAspire.Api;

/// <summary>What the API does once before it serves requests.</summary>
internal static class StartupPreparation
{
    /// <summary>
    /// Applies migrations newer than the PR's template database. The broker is not needed to start: the outbox relay
    /// declares the message topology once it connects.
    /// </summary>
    public static async Task PrepareOrdersAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        await using (var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken))
        {
            await OrdersDatabase.MigrateAsync(connection, cancellationToken);
        }
    }
}
