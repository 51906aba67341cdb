using Npgsql;
using PreviewAspire.Provisioner;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;
using StackExchange.Redis;

namespace PreviewAspire.IntegrationTests;

/// <summary>The provisioner against the running engines, for PRs the AppHost does not run.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class ProvisioningTests(PreviewStackFixture stack)
{
    private static PreviewCredentials FreshCredentials() => new(PreviewSecretStore.Generate(), PreviewSecretStore.Generate(), PreviewSecretStore.Generate());

    [Fact]
    public async Task Teardown_removes_everything_the_pr_created_and_is_safe_twice()
    {
        var pr = PullRequestId.From(901);
        var engines = await stack.EnginesAsync();
        using var provisioner = new PreviewProvisioner(engines, new OrdersSchema());
        await provisioner.ProvisionAsync(pr, FreshCredentials(), CancellationToken.None);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(engines.Redis))
        {
            await redis.GetDatabase().StringSetAsync(pr.Names.RedisKeyPrefix + "leftover", "1");
        }

        Assert.True(await StackProbes.DataSurfacesExistAsync(engines, pr));
        await provisioner.TeardownAsync(pr, CancellationToken.None);
        await provisioner.TeardownAsync(pr, CancellationToken.None);

        Assert.False(await StackProbes.DataSurfacesExistAsync(engines, pr));
        Assert.Equal(0, await provisioner.Redis.CountKeysAsync(pr, CancellationToken.None));
        Assert.DoesNotContain(await provisioner.Postgres.ListAsync(CancellationToken.None), p => p.PullRequest == pr);
    }

    [Fact]
    public async Task Provisioning_the_same_pr_concurrently_neither_fails_nor_duplicates()
    {
        var pr = PullRequestId.From(902);
        var engines = await stack.EnginesAsync();
        var credentials = FreshCredentials();
        var provisioners = Enumerable.Range(0, 4).Select(_ => new PreviewProvisioner(engines, new OrdersSchema())).ToList();
        try
        {
            await Task.WhenAll(provisioners.Select(p => p.ProvisionAsync(pr, credentials, CancellationToken.None)));

            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(engines.Postgres) { Database = "postgres" }.ConnectionString);
            await admin.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM pg_database WHERE datname = @d) + (SELECT count(*) FROM pg_roles WHERE rolname = @d)", admin);
            count.Parameters.AddWithValue("d", pr.Names.Database);
            Assert.Equal(2L, await count.ExecuteScalarAsync());

            await using var own = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(engines.Postgres)
            {
                Database = pr.Names.Database, Username = pr.Names.DatabaseRole, Password = credentials.Postgres,
            }.ConnectionString);
            await own.OpenAsync();
            await using var seeded = new NpgsqlCommand("SELECT count(*) FROM orders", own);
            Assert.Equal(3L, await seeded.ExecuteScalarAsync());
        }
        finally
        {
            await provisioners[0].TeardownAsync(pr, CancellationToken.None);
            provisioners.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task A_branch_starts_from_the_seed_alone_after_teardown()
    {
        var pr = PullRequestId.From(903);
        var engines = await stack.EnginesAsync();
        using var provisioner = new PreviewProvisioner(engines, new OrdersSchema());
        var credentials = FreshCredentials();
        await provisioner.ProvisionAsync(pr, credentials, CancellationToken.None);
        var connectionString = new NpgsqlConnectionStringBuilder(engines.Postgres)
        {
            Database = pr.Names.Database, Username = pr.Names.DatabaseRole, Password = credentials.Postgres, Pooling = false,
        }.ConnectionString;
        await using (var own = new NpgsqlConnection(connectionString))
        {
            await own.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO orders (customer, item, quantity) VALUES ('Temp', 'Thing', 1)", own);
            await insert.ExecuteNonQueryAsync();
        }

        await provisioner.TeardownAsync(pr, CancellationToken.None);
        await provisioner.ProvisionAsync(pr, credentials, CancellationToken.None);
        await using (var again = new NpgsqlConnection(connectionString))
        {
            await again.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM orders", again);
            Assert.Equal(3L, await count.ExecuteScalarAsync());
        }

        await provisioner.TeardownAsync(pr, CancellationToken.None);
    }

    [Fact]
    public async Task Gc_removes_only_previews_unused_for_longer_than_the_age()
    {
        var (stale, fresh) = (PullRequestId.From(904), PullRequestId.From(905));
        var engines = await stack.EnginesAsync();
        var now = DateTimeOffset.UtcNow;
        using (var lastWeek = new PreviewProvisioner(engines, new OrdersSchema(), new FixedTime(now.AddDays(-8))))
        {
            await lastWeek.ProvisionAsync(stale, FreshCredentials(), CancellationToken.None);
        }

        using var provisioner = new PreviewProvisioner(engines, new OrdersSchema(), new FixedTime(now));
        await provisioner.ProvisionAsync(fresh, FreshCredentials(), CancellationToken.None);

        var removed = await PreviewGarbageCollector.CollectAsync(provisioner, now, TimeSpan.FromDays(7), CancellationToken.None);

        Assert.Contains(removed, p => p.PullRequest == stale);
        Assert.DoesNotContain(removed, p => p.PullRequest == fresh || p.PullRequest == PreviewStackFixture.Seven || p.PullRequest == PreviewStackFixture.Eight);
        Assert.False(await StackProbes.DataSurfacesExistAsync(engines, stale));
        Assert.True(await StackProbes.DataSurfacesExistAsync(engines, fresh));
        await provisioner.TeardownAsync(fresh, CancellationToken.None);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
