using System.Diagnostics;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;
using StackExchange.Redis;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// A Redis configured without an ACL file, as the container integration and managed servers run it, refuses
/// <c>ACL SAVE</c>: the provisioner still creates and removes a PR's user there.
/// </summary>
public sealed class RedisWithoutAclFileTests
{
    [Fact]
    public async Task Provisioning_and_teardown_succeed_where_redis_has_no_acl_file()
    {
        var port = LoopbackPort.Free();
        var adminPassword = PreviewSecretStore.Generate();
        using var server = Process.Start(new ProcessStartInfo("redis-server", ["--bind", "127.0.0.1", "--port", port.ToString(), "--save", "", "--appendonly", "no", "--requirepass", adminPassword])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            var admin = $"127.0.0.1:{port},password={adminPassword}";
            var pr = PullRequestId.From(908);
            var users = new RedisPreviewUsers(admin);
            var password = PreviewSecretStore.Generate();
            await Eventually.WaitAsync(() => CanConnectAsync(admin), ready => ready, TimeSpan.FromSeconds(10), "redis-server to accept connections");

            await users.ProvisionAsync(pr, password, CancellationToken.None);
            await using (var own = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { { "127.0.0.1", port } }, User = pr.Names.RedisUser, Password = password, AbortOnConnectFail = true,
            }))
            {
                Assert.True(await own.GetDatabase().StringSetAsync(pr.Names.RedisKeyPrefix + "k", "v"));
            }

            await users.TeardownAsync(pr, CancellationToken.None);
            await using var check = await ConnectionMultiplexer.ConnectAsync(admin);
            Assert.DoesNotContain(pr.Names.RedisUser, (string[])(await check.GetDatabase().ExecuteAsync("ACL", "USERS"))!);
            var refused = await Assert.ThrowsAsync<RedisServerException>(() => check.GetDatabase().ExecuteAsync("ACL", "SAVE"));
            Assert.Contains("not configured to use an ACL file", refused.Message);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task<bool> CanConnectAsync(string connectionString)
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }
}
