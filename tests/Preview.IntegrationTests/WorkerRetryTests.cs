using StackExchange.Redis;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>The worker keeps retrying a failing order for more than 30 s instead of dead-lettering it within a second.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class WorkerRetryTests(PreviewStackFixture stack)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(31);

    [Fact]
    public async Task An_order_whose_processing_fails_for_31_seconds_is_processed_afterwards_not_dead_lettered()
    {
        var processedBefore = await stack.SettledProcessedCountAsync(Seven);
        var deadLetteredBefore = await stack.DeadLetteredAsync(Seven);
        var options = ConfigurationOptions.Parse((await stack.EnginesAsync()).Redis);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options);
        var acl = admin.GetDatabase();

        // Counting the order (SADD) fails for PR 7's user at once with NOPERM: a fault that does not heal by waiting.
        await acl.ExecuteAsync("ACL", "SETUSER", Seven.Names.RedisUser, "-sadd");
        long id;
        try
        {
            id = (await stack.PlaceOrderAsync(Seven, "Counted Late")).GetProperty("id").GetInt64();
            await Task.Delay(Outage);
            Assert.Equal(processedBefore, await stack.GetProcessedAsync(Seven));
        }
        finally
        {
            await acl.ExecuteAsync("ACL", "SETUSER", Seven.Names.RedisUser, "+sadd");
        }

        await Eventually.WaitAsync(() => stack.GetProcessedAsync(Seven), n => n == processedBefore + 1, TimeSpan.FromSeconds(20), "the order to be counted once Redis accepts it");
        Assert.Equal("processed", await stack.GetOrderStatusAsync(Seven, id));
        Assert.Equal(deadLetteredBefore, await stack.DeadLetteredAsync(Seven));
    }
}
