using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;
using PreviewAspire.Hosting.Engines;
using PreviewAspire.Hosting.Engines.RabbitMq;

namespace Aspire.Hosting;

/// <summary>Adds RabbitMQ as a local server process (no container runtime needed).</summary>
public static class RabbitMqProcessBuilderExtensions
{
    /// <summary>
    /// Adds a RabbitMQ broker with the management plugin, bound to 127.0.0.1 on free ports, plus its own Erlang port
    /// mapper (epmd) as a child resource so nothing of the broker outlives the AppHost.
    /// </summary>
    public static IResourceBuilder<RabbitMqProcessResource> AddRabbitMqProcess(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        string dataRoot,
        IResourceBuilder<ParameterResource> password)
    {
        string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
        var root = Path.GetFullPath(dataRoot);
        var (amqpPort, managementPort, distributionPort, epmdPort) = (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
        var server = new RabbitMqProcessResource(name, ServerBinary.Find("rabbitmq-server", "rabbitmq-server"), root, password.Resource);

        // Erlang would otherwise daemonize a shared epmd that outlives the broker; this one is ours and stops with the AppHost.
        var epmd = builder.AddExecutable($"{name}-epmd", ServerBinary.Find("epmd", "erlang-base"), root, "-port", Port(epmdPort), "-address", "127.0.0.1")
            .WithParentRelationship(server)
            .ExcludeFromManifest();

        // The broker's database holds every PR's users and messages: owner-only from the start.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(epmd.Resource, (_, _) =>
        {
            OwnerOnlyDirectory.Ensure(root);
            return Task.CompletedTask;
        });

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, cancellationToken) =>
        {
            var secret = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
            OwnerOnlyFile.WriteText(Path.Combine(root, "rabbitmq.conf"), $"""
                listeners.tcp.default = 127.0.0.1:{amqpPort}
                management.tcp.ip = 127.0.0.1
                management.tcp.port = {managementPort}
                default_user = {RabbitMqProcessResource.AdminUser}
                default_pass = {secret}
                loopback_users = none
                max_message_size = {EngineLimits.RabbitMqMaxMessageBytes}
                log.console = true
                log.console.level = warning
                log.file = false
                """);
            await File.WriteAllTextAsync(Path.Combine(root, "enabled_plugins"), "[rabbitmq_management].", cancellationToken).ConfigureAwait(false);
        });

        return builder.AddResource(server)
            .WithEnvironment("HOME", root)
            .WithEnvironment("RABBITMQ_NODENAME", "preview@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", Port(amqpPort))
            .WithEnvironment("RABBITMQ_DIST_PORT", Port(distributionPort))
            .WithEnvironment("ERL_EPMD_PORT", Port(epmdPort))
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(root, "rabbitmq.conf"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(root, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(root, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(root, "log"))
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(root, "rabbitmq.pid"))
            .WithLoopbackEndpoint(LocalEngineResource.PrimaryEndpointName, amqpPort)
            .WithLoopbackEndpoint(RabbitMqProcessResource.ManagementEndpointName, managementPort, scheme: "http")
            .WithIconName("Mail")
            .WaitFor(epmd)
            .WithReadinessCheck(resource => new RabbitMqReadinessCheck(resource))
            .ExcludeFromManifest();
    }
}
