using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PreviewAspire.Naming;
using PreviewAspire.Orders;
using PreviewAspire.Provisioning;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace PreviewAspire.IntegrationTests;

/// <summary>What the hardening and outage tests read from the running stack, as a PR's own code or its client would.</summary>
internal static class StackProbes
{
    /// <summary>An order's status through the PR's API; null while it is not found or the API does not answer 200.</summary>
    public static async Task<string?> GetOrderStatusAsync(this PreviewStackFixture stack, PullRequestId pr, long id)
    {
        using var response = await stack.SendAsync(PreviewStackFixture.ApiHost(pr), HttpMethod.Get, $"/orders/{id}");
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()
            : null;
    }

    /// <summary>
    /// The PR's processed count once no order of it is pending any more, so that a count taken before a test is not
    /// moved by orders earlier tests left in flight.
    /// </summary>
    public static async Task<long> SettledProcessedCountAsync(this PreviewStackFixture stack, PullRequestId pr)
    {
        await Eventually.WaitAsync(
            () => stack.GetOrdersAsync(pr),
            orders => orders.All(o => o.GetProperty("status").GetString() != "pending"),
            TimeSpan.FromSeconds(60),
            $"PR {pr}'s earlier orders to be processed");
        return await stack.GetProcessedAsync(pr);
    }

    /// <summary>A connection string for the PR's own role on its own database (unpooled).</summary>
    public static async Task<string> DatabaseConnectionStringAsync(this PreviewStackFixture stack, PullRequestId pr)
    {
        var admin = new NpgsqlConnectionStringBuilder((await stack.EnginesAsync()).Postgres);
        return new NpgsqlConnectionStringBuilder
        {
            Host = admin.Host, Port = admin.Port, Database = pr.Names.Database, Pooling = false,
            Username = pr.Names.DatabaseRole, Password = stack.CredentialsOf(pr).Postgres,
        }.ConnectionString;
    }

    /// <summary>A connection to Redis as the PR's own ACL user, with <paramref name="password"/> or else the one the AppHost generated.</summary>
    public static async Task<ConnectionMultiplexer> RedisAsAsync(this PreviewStackFixture stack, PullRequestId pr, string? password = null)
    {
        var engines = await stack.EnginesAsync();
        return await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { ConfigurationOptions.Parse(engines.Redis).EndPoints[0] },
            User = pr.Names.RedisUser,
            Password = password ?? stack.CredentialsOf(pr).Redis,
            AbortOnConnectFail = true,
        });
    }

    /// <summary>Whether the worker counted order <paramref name="id"/> as processed in Redis, read as the PR's own user; false while that fails.</summary>
    public static async Task<bool> IsCountedAsProcessedAsync(this PreviewStackFixture stack, PullRequestId pr, long id)
    {
        try
        {
            await using var redis = await stack.RedisAsAsync(pr);
            return await redis.GetDatabase().SetContainsAsync(new OrdersCacheKeys(pr.Names.RedisKeyPrefix).ProcessedOrders, id);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A connection factory for the PR's own RabbitMQ user on its own virtual host.</summary>
    public static async Task<ConnectionFactory> BrokerFactoryAsync(this PreviewStackFixture stack, PullRequestId pr)
    {
        var broker = new Uri((await stack.EnginesAsync()).RabbitMq);
        return new ConnectionFactory
        {
            HostName = broker.Host, Port = broker.Port, VirtualHost = pr.Names.RabbitMqVirtualHost,
            UserName = pr.Names.RabbitMqUser, Password = stack.CredentialsOf(pr).RabbitMq,
            AutomaticRecoveryEnabled = false,
        };
    }

    /// <summary>How many messages wait in the PR's dead-letter queue.</summary>
    public static async Task<uint> DeadLetteredAsync(this PreviewStackFixture stack, PullRequestId pr)
    {
        await using var connection = await (await stack.BrokerFactoryAsync(pr)).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(OrderMessaging.DeadLetterQueue)).MessageCount;
    }

    /// <summary>
    /// True when the PR's database, role, Redis user, vhost and RabbitMQ user all exist, false when none does; fails the
    /// test on anything in between (a half-made or half-removed preview).
    /// </summary>
    public static async Task<bool> DataSurfacesExistAsync(EngineConnections engines, PullRequestId pr)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(engines.Postgres) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @d) OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @d)", admin);
        command.Parameters.AddWithValue("d", pr.Names.Database);
        var postgres = (bool)(await command.ExecuteScalarAsync())!;

        await using var redis = await ConnectionMultiplexer.ConnectAsync(engines.Redis);
        var users = (string[])(await redis.GetDatabase().ExecuteAsync("ACL", "USERS"))!;
        var redisUser = users.Contains(pr.Names.RedisUser);

        using var rabbitMq = new RabbitMqPreviewVirtualHosts(engines.RabbitMq, engines.RabbitMqManagement);
        var vhost = await rabbitMq.VirtualHostExistsAsync(pr, CancellationToken.None);
        var user = await rabbitMq.UserExistsAsync(pr, CancellationToken.None);
        Assert.True(postgres == redisUser && redisUser == vhost && vhost == user, $"partial state: postgres={postgres} redis={redisUser} vhost={vhost} user={user}");
        return postgres;
    }
}
