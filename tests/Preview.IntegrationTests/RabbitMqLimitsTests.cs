using PreviewAspire.Naming;
using PreviewAspire.Provisioning;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>A flood in PR 7's virtual host stops at its limits while PR 8 keeps publishing.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class RabbitMqLimitsTests(PreviewStackFixture stack)
{
    private static readonly CreateChannelOptions Confirmed = new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    [Fact]
    public async Task A_message_flood_is_refused_at_the_queue_limit_while_pr_8_can_publish()
    {
        var limits = PreviewLimits.Default;
        var body = new byte[64 * 1024];
        var queue = "flood-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await (await stack.BrokerFactoryAsync(Seven)).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(Confirmed);
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        try
        {
            var accepted = 0;
            PublishException? refused = null;
            while (refused is null && accepted * body.Length <= limits.RabbitMqQueueBytes * 2)
            {
                try
                {
                    await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, new BasicProperties(), body);
                    accepted++;
                }
                catch (PublishException ex)
                {
                    refused = ex;
                }
            }

            Assert.NotNull(refused);
            Assert.True(accepted * (long)body.Length <= limits.RabbitMqQueueBytes, $"{accepted} messages of {body.Length} bytes were taken; the limit is {limits.RabbitMqQueueBytes} bytes");
            Assert.True(await PublishesAsync(Eight), "PR 8 could not publish while PR 7's queue was full");
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    [Fact]
    public async Task Queues_beyond_the_virtual_hosts_limit_are_refused()
    {
        var limit = PreviewLimits.Default.RabbitMqQueues;
        var declared = new List<string>();
        await using var connection = await (await stack.BrokerFactoryAsync(Seven)).CreateConnectionAsync();
        OperationInterruptedException? refused = null;
        try
        {
            for (var i = 0; i <= limit && refused is null; i++)
            {
                await using var channel = await connection.CreateChannelAsync();
                var name = $"queue-probe-{i}-{Guid.NewGuid():N}";
                try
                {
                    await channel.QueueDeclareAsync(name, durable: false, exclusive: false, autoDelete: false);
                    declared.Add(name);
                }
                catch (OperationInterruptedException ex)
                {
                    refused = ex;
                }
            }

            Assert.NotNull(refused);
            Assert.Contains("queue limit", refused.Message);
            Assert.True(declared.Count < limit, $"PR 7 declared {declared.Count} more queues beside its own; the limit is {limit}");
            Assert.True(await PublishesAsync(Eight), "PR 8 could not publish while PR 7 was at its queue limit");
        }
        finally
        {
            await using var cleanup = await connection.CreateChannelAsync();
            foreach (var name in declared)
            {
                await cleanup.QueueDeleteAsync(name);
            }
        }
    }

    [Fact]
    public async Task Connections_beyond_the_virtual_hosts_limit_are_refused_while_pr_8_connects()
    {
        var limit = PreviewLimits.Default.RabbitMqConnections;
        var factory = await stack.BrokerFactoryAsync(Seven);
        var held = new List<IConnection>();
        try
        {
            string? refused = null;
            for (var i = 0; i <= limit && refused is null; i++)
            {
                try
                {
                    var connection = await factory.CreateConnectionAsync();
                    held.Add(connection);

                    // The broker refuses an over-limit connection as it opens, which the client may report only by
                    // the connection closing; the broker also counts connections a moment after each opens.
                    await Task.Delay(100);
                    if (!connection.IsOpen)
                    {
                        held.Remove(connection);
                        refused = connection.CloseReason?.ReplyText ?? "closed";
                    }
                }
                catch (BrokerUnreachableException ex)
                {
                    refused = ex.InnerException?.Message ?? ex.Message;
                }
            }

            Assert.NotNull(refused);
            Assert.True(held.Count(c => c.IsOpen) <= limit, $"PR 7 opened {held.Count} connections; the limit is {limit}");
            Assert.True(await PublishesAsync(Eight), "PR 8 could not connect while PR 7 was at its connection limit");
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Publishes one confirmed message to a fresh exclusive queue of <paramref name="pr"/>.</summary>
    private async Task<bool> PublishesAsync(PullRequestId pr)
    {
        await using var connection = await (await stack.BrokerFactoryAsync(pr)).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(Confirmed);
        var queue = await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true);
        await channel.BasicPublishAsync(string.Empty, queue.QueueName, mandatory: true, new BasicProperties(), new byte[] { 1 });
        return (await channel.QueueDeclarePassiveAsync(queue.QueueName)).MessageCount == 1;
    }
}
