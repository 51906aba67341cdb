using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting.Engines;

namespace Aspire.Hosting;

/// <summary>
/// Gives the official Aspire container integrations the bounds the local process engines have
/// (<see cref="EngineLimits"/>), through their images' own ways of taking settings.
/// </summary>
public static class ContainerEngineLimitsBuilderExtensions
{
    /// <summary>
    /// Bounds Redis's memory to <paramref name="maxMemory"/> (a redis size such as <c>256mb</c>), evicting the least
    /// recently used keys at the bound. For run mode, where the integration hands <c>/bin/sh</c> its arguments one by
    /// one and runs them as one command line; in publish mode it writes that command line itself, which arguments
    /// added after it would not join.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithMemoryBound(this IResourceBuilder<RedisResource> builder, string maxMemory) =>
        builder.WithArgs("--maxmemory", maxMemory, "--maxmemory-policy", EngineLimits.RedisEvictionPolicy);

    /// <summary>
    /// Makes the broker refuse messages larger than <paramref name="bytes"/>: the image passes
    /// <c>RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS</c> to the Erlang VM, where <c>-rabbit max_message_size</c> sets the
    /// same application setting <c>max_message_size</c> in rabbitmq.conf does.
    /// </summary>
    public static IResourceBuilder<RabbitMQServerResource> WithMaxMessageSize(this IResourceBuilder<RabbitMQServerResource> builder, int bytes) =>
        builder.WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-rabbit max_message_size " + bytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Sets Postgres's <c>max_connections</c>: the image's entrypoint runs <c>postgres</c> with arguments that start
    /// with a dash.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> WithMaxConnections(this IResourceBuilder<PostgresServerResource> builder, int connections) =>
        builder.WithArgs("-c", "max_connections=" + connections.ToString(CultureInfo.InvariantCulture));
}
