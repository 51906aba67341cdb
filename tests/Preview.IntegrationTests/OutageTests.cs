using System.Diagnostics;
using System.Text.Json;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// Orders placed while an engine is paused (SIGSTOP, as a hung server or a network blip looks to its clients) all end
/// processed, exactly once, and none is dead-lettered. The engines are always resumed, so the shared stack survives.
/// </summary>
[Collection(PreviewStackCollection.Name)]
public sealed class OutageTests(PreviewStackFixture stack)
{
    private const int Orders = 5;

    [Fact]
    public async Task Orders_placed_while_the_broker_is_stopped_are_processed_once_it_is_back()
    {
        var before = await SnapshotAsync();
        var placed = new List<long>();
        await EngineProcesses.PauseAsync(stack.App, ["rabbitmq"], TimeSpan.FromSeconds(6), async () =>
        {
            for (var i = 0; i < Orders; i++)
            {
                // The API answers from the database alone: the message waits in the outbox.
                var answered = Stopwatch.StartNew();
                placed.Add(Id(await stack.PlaceOrderAsync(Seven, $"Broker Down {i}")));
                Assert.True(answered.Elapsed < TimeSpan.FromSeconds(5), $"POST took {answered.Elapsed} while the broker was stopped");
            }

            Assert.Equal("pending", await stack.GetOrderStatusAsync(Seven, placed[0]));
        });

        await AssertProcessedOnceAsync(before, placed);
    }

    [Fact]
    public async Task Orders_placed_during_a_two_second_redis_and_postgres_pause_are_processed_once()
    {
        var before = await SnapshotAsync();
        var placing = Task.Run(async () =>
        {
            var ids = new List<long>();
            for (var i = 0; i < Orders; i++)
            {
                ids.Add(Id(await stack.PlaceOrderAsync(Seven, $"Data Blip {i}")));
                await Task.Delay(300);
            }

            return ids;
        });

        // Let the first order get into the pipeline, then pause both data engines mid-stream.
        await Task.Delay(200);
        await EngineProcesses.PauseAsync(stack.App, ["redis", "postgres"], TimeSpan.FromSeconds(2));
        await AssertProcessedOnceAsync(before, await placing);
    }

    private async Task<(long Processed, uint DeadLettered)> SnapshotAsync() =>
        (await stack.SettledProcessedCountAsync(Seven), await stack.DeadLetteredAsync(Seven));

    private async Task AssertProcessedOnceAsync((long Processed, uint DeadLettered) before, List<long> placed)
    {
        Assert.Equal(Orders, placed.Distinct().Count());
        foreach (var id in placed)
        {
            await Eventually.WaitAsync(() => stack.GetOrderStatusAsync(Seven, id), s => s == "processed", TimeSpan.FromSeconds(60), $"order {id} to be processed");
        }

        await Eventually.WaitAsync(() => stack.GetProcessedAsync(Seven), n => n >= before.Processed + Orders, TimeSpan.FromSeconds(30), "the processed count");
        await Task.Delay(1500);
        Assert.Equal(before.Processed + Orders, await stack.GetProcessedAsync(Seven));
        Assert.Equal(before.DeadLettered, await stack.DeadLetteredAsync(Seven));
    }

    private static long Id(JsonElement order) => order.GetProperty("id").GetInt64();
}
