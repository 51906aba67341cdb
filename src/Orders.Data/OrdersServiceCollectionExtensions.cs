using Microsoft.Extensions.DependencyInjection;

namespace PreviewAspire.Orders;

/// <summary>Registers the orders data layer.</summary>
public static class OrdersServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="OrderRepository"/>, <see cref="OrderOutbox"/>, <see cref="OrdersCacheKeys"/>,
    /// <see cref="OrdersCache"/> and <see cref="BrokerConnection"/>. Expects an <c>NpgsqlDataSource</c>, an
    /// <c>IConnectionMultiplexer</c> and an <c>IConnection</c> to be registered (the Aspire clients add them).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="redisKeyPrefix">Gives the preview's Redis key prefix, for example <c>pr42:</c>.</param>
    public static IServiceCollection AddOrdersData(this IServiceCollection services, Func<IServiceProvider, string> redisKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(redisKeyPrefix);
        services.AddSingleton<OrderRepository>();
        services.AddSingleton<OrderOutbox>();
        services.AddSingleton<BrokerConnection>();
        services.AddSingleton(sp => new OrdersCacheKeys(redisKeyPrefix(sp)));
        services.AddSingleton<OrdersCache>();
        return services;
    }
}
