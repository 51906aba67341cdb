using Npgsql;
using PreviewAspire.Orders;
using RabbitMQ.Client;

namespace PreviewAspire.Api;

/// <summary>What the API does once before it serves requests.</summary>
internal static class StartupPreparation
{
    /// <summary>Applies migrations newer than the PR's template database and declares the message topology.</summary>
    public static async Task PrepareOrdersAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        await using (var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken))
        {
            await OrdersDatabase.MigrateAsync(connection, cancellationToken);
        }

        var broker = app.Services.GetRequiredService<IConnection>();
        await using var channel = await broker.CreateChannelAsync(cancellationToken: cancellationToken);
        await OrderMessaging.DeclareTopologyAsync(channel, cancellationToken);
    }
}
