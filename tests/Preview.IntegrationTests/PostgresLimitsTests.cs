using Npgsql;
using PreviewAspire.Provisioning;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>A PR's Postgres role cannot take more than its share of the shared server, nor see other PRs' sessions.</summary>
[Collection(PreviewStackCollection.Name)]
public sealed class PostgresLimitsTests(PreviewStackFixture stack)
{
    [Fact]
    public async Task Connections_beyond_the_roles_limit_are_refused_while_pr_8_keeps_working()
    {
        var limit = PreviewLimits.Default.PostgresConnections;
        var held = new List<NpgsqlConnection>();
        try
        {
            PostgresException? refused = null;
            for (var i = 0; i <= limit && refused is null; i++)
            {
                var connection = new NpgsqlConnection(await stack.DatabaseConnectionStringAsync(Seven));
                try
                {
                    await connection.OpenAsync();
                    held.Add(connection);
                }
                catch (PostgresException ex)
                {
                    refused = ex;
                    await connection.DisposeAsync();
                }
            }

            Assert.NotNull(refused);
            Assert.Equal(PostgresErrorCodes.TooManyConnections, refused.SqlState);
            Assert.Contains(Seven.Names.DatabaseRole, refused.MessageText);
            Assert.True(held.Count <= limit, $"PR 7 opened {held.Count} sessions; the limit is {limit}");

            // PR 8 is untouched: its role opens sessions and its API stores and processes an order.
            await using (var eight = new NpgsqlConnection(await stack.DatabaseConnectionStringAsync(Eight)))
            {
                await eight.OpenAsync();
            }

            var order = await stack.PlaceOrderAsync(Eight, "While Seven Is Full");
            await Eventually.WaitAsync(() => stack.GetOrderStatusAsync(Eight, order.GetProperty("id").GetInt64()), s => s == "processed", what: "PR 8's order");
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_role_has_timeouts_and_cannot_raise_its_temp_file_limit()
    {
        await using var connection = new NpgsqlConnection(await stack.DatabaseConnectionStringAsync(Seven));
        await connection.OpenAsync();
        Assert.Equal("30s", await ScalarAsync(connection, "SHOW statement_timeout"));
        Assert.Equal("1min", await ScalarAsync(connection, "SHOW idle_in_transaction_session_timeout"));
        Assert.Equal("1GB", await ScalarAsync(connection, "SHOW temp_file_limit"));
        var denied = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, "SET temp_file_limit = -1"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM pg_stat_activity")]
    [InlineData("SELECT count(*) FROM pg_stat_get_activity(NULL)")]
    [InlineData("SELECT count(*) FROM pg_stat_get_backend_idset()")]
    [InlineData("SELECT count(*) FROM pg_locks")]
    public async Task The_role_cannot_see_other_sessions_or_their_queries(string sql)
    {
        await using var connection = new NpgsqlConnection(await stack.DatabaseConnectionStringAsync(Seven));
        await connection.OpenAsync();
        var denied = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
