using System.Net;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>Nothing of one PR reaches another: checked through the services and with a PR's actual credentials.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class IsolationTests(PreviewStackFixture stack)
{
    [Fact]
    public async Task An_order_placed_in_one_pr_is_invisible_in_the_other()
    {
        var customer = $"Only In Seven {Guid.NewGuid():N}"[..26];
        var statsOfEight = await stack.GetProcessedAsync(Eight);
        var order = await stack.PlaceOrderAsync(Seven, customer);
        var id = order.GetProperty("id").GetInt64();
        await Eventually.WaitAsync(() => stack.GetProcessedAsync(Seven), n => n > 0, what: "PR 7's worker");

        Assert.DoesNotContain(await stack.GetOrdersAsync(Eight), o => o.GetProperty("customer").GetString() == customer);
        using (var frontend = await stack.SendAsync(FrontendHost(Eight), HttpMethod.Get, "/"))
        {
            Assert.DoesNotContain(customer, await frontend.Content.ReadAsStringAsync());
        }

        using (var byId = await stack.SendAsync(ApiHost(Eight), HttpMethod.Get, $"/orders/{id}"))
        {
            if (byId.StatusCode == HttpStatusCode.OK)
            {
                Assert.DoesNotContain(customer, await byId.Content.ReadAsStringAsync());
            }
        }

        await Task.Delay(1000);
        Assert.Equal(statsOfEight, await stack.GetProcessedAsync(Eight));
    }

    [Fact]
    public async Task A_prs_postgres_role_opens_its_own_database_only()
    {
        var engines = await stack.EnginesAsync();
        var admin = new NpgsqlConnectionStringBuilder(engines.Postgres);
        string As(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = admin.Host, Port = admin.Port, Database = database, Pooling = false,
            Username = Seven.Names.DatabaseRole, Password = stack.CredentialsOf(Seven).Postgres,
        }.ConnectionString;

        await using (var own = new NpgsqlConnection(As(Seven.Names.Database)))
        {
            await own.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM orders", own);
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 3);
            await using var attributes = new NpgsqlCommand("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user", own);
            Assert.False((bool)(await attributes.ExecuteScalarAsync())!);
        }

        await using (var superuser = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(engines.Postgres) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await superuser.OpenAsync();
            await using var owners = new NpgsqlCommand("SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname IN ('preview_template', @seven, @eight) ORDER BY datname", superuser);
            owners.Parameters.AddWithValue("seven", Seven.Names.Database);
            owners.Parameters.AddWithValue("eight", Eight.Names.Database);
            await using var reader = await owners.ExecuteReaderAsync();
            var owner = new Dictionary<string, string>();
            while (await reader.ReadAsync())
            {
                owner[reader.GetString(0)] = reader.GetString(1);
            }

            Assert.Equal("postgres", owner["preview_template"]);
            Assert.Equal(Seven.Names.DatabaseRole, owner[Seven.Names.Database]);
            Assert.Equal(Eight.Names.DatabaseRole, owner[Eight.Names.Database]);
        }

        foreach (var other in new[] { Eight.Names.Database, "postgres", "template1", "preview_template" })
        {
            await using var foreign = new NpgsqlConnection(As(other));
            var refused = await Assert.ThrowsAsync<PostgresException>(() => foreign.OpenAsync());
            Assert.Contains(other, refused.MessageText);
        }
    }

    [Fact]
    public async Task A_prs_redis_user_is_confined_to_its_prefix()
    {
        var engines = await stack.EnginesAsync();
        var endpoint = ConfigurationOptions.Parse(engines.Redis).EndPoints[0];
        var options = new ConfigurationOptions
        {
            EndPoints = { endpoint },
            User = Seven.Names.RedisUser,
            Password = stack.CredentialsOf(Seven).Redis,
            AbortOnConnectFail = true,
        };
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var db = redis.GetDatabase();

        await db.StringSetAsync(Seven.Names.RedisKeyPrefix + "isolation-probe", "ok");
        Assert.Equal("ok", (string?)await db.StringGetAsync(Seven.Names.RedisKeyPrefix + "isolation-probe"));

        foreach (var key in new[] { "unprefixed", Eight.Names.RedisKeyPrefix + "stats:processed", "pr70:x" })
        {
            await Assert.ThrowsAsync<RedisServerException>(() => db.StringGetAsync(key));
            await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync(key, "x"));
        }

        foreach (var command in new[] { new[] { "FLUSHALL" }, ["FLUSHDB"], ["KEYS", "*"], ["CONFIG", "GET", "*"], ["ACL", "LIST"], ["SHUTDOWN"], ["MONITOR"], ["SWAPDB", "0", "1"], ["SCAN", "0"], ["RANDOMKEY"], ["DBSIZE"], ["PUBSUB", "CHANNELS"], ["SELECT", "1"] })
        {
            var error = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync(command[0], command.Skip(1).ToArray<object>()));
            Assert.Contains("NOPERM", error.Message);
        }

        await Assert.ThrowsAsync<RedisServerException>(() => redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Eight.Names.RedisKeyPrefix + "events")));
    }

    [Fact]
    public async Task A_prs_rabbitmq_user_is_refused_other_virtual_hosts()
    {
        var engines = await stack.EnginesAsync();
        var broker = new Uri(engines.RabbitMq);
        ConnectionFactory Factory(string vhost) => new()
        {
            HostName = broker.Host, Port = broker.Port, VirtualHost = vhost,
            UserName = Seven.Names.RabbitMqUser, Password = stack.CredentialsOf(Seven).RabbitMq,
        };

        Assert.True(await CanUseAsync(Factory(Seven.Names.RabbitMqVirtualHost)), "PR 7's user cannot use its own virtual host");
        Assert.False(await CanUseAsync(Factory(Eight.Names.RabbitMqVirtualHost)), "PR 7's user reached PR 8's virtual host");
        Assert.False(await CanUseAsync(Factory("/")), "PR 7's user reached the default virtual host");
    }

    /// <summary>Opens a connection and a channel and declares a queue: what a service would do first.</summary>
    private static async Task<bool> CanUseAsync(ConnectionFactory factory)
    {
        try
        {
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeclareAsync("isolation-probe", durable: false, exclusive: true, autoDelete: true);
            return connection.IsOpen && channel.IsOpen;
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException or IOException)
        {
            return false;
        }
    }
}
