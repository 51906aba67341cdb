using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>The API and the worker start while the broker is stopped and connect once it is back.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class BrokerDownStartTests(PreviewStackFixture stack)
{
    private const string Consuming = "Consuming order-created";

    [Fact]
    public async Task The_api_and_worker_start_without_the_broker_and_connect_when_it_is_back()
    {
        ServiceProcess? api = null;
        ServiceProcess? worker = null;
        long id = 0;
        try
        {
            await EngineProcesses.PauseAsync(stack.App, ["rabbitmq"], TimeSpan.FromSeconds(2), async () =>
            {
                api = await ServiceProcess.StartAsync(stack, Seven, "Api");
                worker = await ServiceProcess.StartAsync(stack, Seven, "Worker");
                Assert.True(await UpWithinAsync(() => api.AnswersAsync("/orders")), $"The API does not serve while the broker is stopped:\n{api.Output}");
                Assert.True(await UpWithinAsync(() => worker.AnswersAsync("/alive")), $"The worker does not run while the broker is stopped:\n{worker.Output}");

                using var created = await api.Http.PostAsJsonAsync("/orders", new { customer = "Started Without Broker", item = "Widget", quantity = 1 });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                Assert.DoesNotContain(Consuming, worker.Output);
            });

            Assert.True(await UpWithinAsync(() => Task.FromResult(worker!.Output.Contains(Consuming, StringComparison.Ordinal))), $"The worker does not consume once the broker is back:\n{worker!.Output}");
            await Eventually.WaitAsync(() => stack.GetOrderStatusAsync(Seven, id), s => s == "processed", TimeSpan.FromSeconds(60), "the order to be processed");
        }
        finally
        {
            api?.Dispose();
            worker?.Dispose();
        }
    }

    private static async Task<bool> UpWithinAsync(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }
}
