using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting.Engines;
using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests.Model;

/// <summary>Container-mode engines are bounded as the process engines are; checked on the model, nothing started.</summary>
public sealed class ContainerEngineLimitsTests : IDisposable
{
    private readonly string _secrets = Directory.CreateTempSubdirectory("preview-container-limits-").FullName;

    [Fact]
    public async Task In_run_mode_the_container_engines_get_the_process_engines_bounds()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        builder.Configuration[EngineLimits.RedisMaxMemoryKey] = "1gb";

        var engines = PreviewEnginesBuilderExtensions.AddContainerEngines(builder, new PreviewSecretStore(_secrets));

        var redis = Assert.IsType<RedisResource>(engines.Redis.Resource);
        var (redisArgs, _) = await PreviewModel.ResolveAsync(builder, redis, DistributedApplicationOperation.Run);
        Assert.Equal(["redis-server", "--requirepass", "$REDIS_PASSWORD", "--maxmemory", "1gb", "--maxmemory-policy", "allkeys-lru"], redisArgs);
        // The integration runs those words as one /bin/sh command line (an evaluation API: if it goes, so does this check).
        Assert.Equal("/bin/sh", redis.Entrypoint);
#pragma warning disable ASPIRECONTAINERSHELLEXECUTION001
        Assert.True(redis.ShellExecution);
#pragma warning restore ASPIRECONTAINERSHELLEXECUTION001

        var (postgresArgs, _) = await PreviewModel.ResolveAsync(builder, engines.Postgres.Resource, DistributedApplicationOperation.Run);
        Assert.Equal(["-c", "max_connections=400"], postgresArgs);

        var (_, rabbitMqEnvironment) = await PreviewModel.ResolveAsync(builder, engines.RabbitMq.Resource, DistributedApplicationOperation.Run);
        Assert.Equal("-rabbit max_message_size 4194304", rabbitMqEnvironment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"]);
    }

    [Fact]
    public void A_bad_redis_memory_bound_is_refused_naming_the_setting_in_container_mode_too()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        builder.Configuration[EngineLimits.RedisMaxMemoryKey] = "lots";

        var error = Assert.Throws<PreviewAspire.Hosting.PreviewUsageException>(() => PreviewEnginesBuilderExtensions.AddContainerEngines(builder, new PreviewSecretStore(_secrets)));
        Assert.Contains(EngineLimits.RedisMaxMemoryKey, error.Message);
    }

    [Fact]
    public async Task The_published_manifest_keeps_the_integrations_own_arguments()
    {
        using var model = new PreviewModel(PreviewModel.Options(slots: 1, 7), publish: true);

        var (redisArgs, _) = await PreviewModel.ResolveAsync(model.Builder, model.Resource<RedisResource>("redis"), DistributedApplicationOperation.Publish);
        Assert.Equal(["-c", "redis-server --requirepass $REDIS_PASSWORD"], redisArgs);
    }

    public void Dispose() => Directory.Delete(_secrets, recursive: true);
}
