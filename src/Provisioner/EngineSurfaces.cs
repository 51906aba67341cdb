using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;
using StackExchange.Redis;

namespace PreviewAspire.Provisioner;

/// <summary>One thing a PR owns on the engines.</summary>
/// <param name="Kind">database, role, redis-user, vhost or rabbitmq-user.</param>
/// <param name="Name">Its name on the engine.</param>
/// <param name="PullRequest">The PR it belongs to.</param>
public sealed record EngineSurface(string Kind, string Name, PullRequestId PullRequest);

/// <summary>
/// Reads what previews hold on the engines, straight from the servers (not from any registry a failed run could have
/// left stale): Postgres databases and roles, Redis ACL users, RabbitMQ virtual hosts and users. A name counts only
/// when it is exactly what <see cref="PreviewNames"/> gives for its PR.
/// </summary>
public sealed partial class EngineSurfaces(EngineConnections engines) : IDisposable
{
    private readonly HttpClient _rabbitMq = ManagementClient(engines);

    /// <summary>Every preview surface on the engines, ordered by PR, kind and name.</summary>
    public async Task<IReadOnlyList<EngineSurface>> ListAsync(CancellationToken cancellationToken)
    {
        List<EngineSurface> found = [];
        await using (var postgres = new NpgsqlConnection(engines.Postgres))
        {
            await postgres.OpenAsync(cancellationToken).ConfigureAwait(false);
            found.AddRange(Match("database", await ColumnAsync(postgres, "SELECT datname FROM pg_database", cancellationToken).ConfigureAwait(false), n => n.Database));
            found.AddRange(Match("role", await ColumnAsync(postgres, "SELECT rolname FROM pg_roles", cancellationToken).ConfigureAwait(false), n => n.DatabaseRole));
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(engines.Redis).ConfigureAwait(false))
        {
            var users = (RedisResult[]?)await redis.GetDatabase().ExecuteAsync("ACL", "USERS").WaitAsync(cancellationToken).ConfigureAwait(false) ?? [];
            found.AddRange(Match("redis-user", users.Select(u => u.ToString()), n => n.RedisUser));
        }

        found.AddRange(Match("vhost", await NamesAsync("api/vhosts", cancellationToken).ConfigureAwait(false), n => n.RabbitMqVirtualHost));
        found.AddRange(Match("rabbitmq-user", await NamesAsync("api/users", cancellationToken).ConfigureAwait(false), n => n.RabbitMqUser));
        return [.. found.OrderBy(s => s.PullRequest).ThenBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>The surfaces of one PR.</summary>
    public async Task<IReadOnlyList<EngineSurface>> ListAsync(PullRequestId pullRequest, CancellationToken cancellationToken) =>
        [.. (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.PullRequest == pullRequest)];

    /// <inheritdoc />
    public void Dispose() => _rabbitMq.Dispose();

    private static IEnumerable<EngineSurface> Match(string kind, IEnumerable<string> names, Func<PreviewNames, string> expected)
    {
        foreach (var name in names)
        {
            if (TrailingNumber().Match(name) is { Success: true } number &&
                PullRequestId.TryParse(number.Value, out var pr, out _) &&
                expected(pr.Names) == name)
            {
                yield return new EngineSurface(kind, name, pr);
            }
        }
    }

    private static async Task<List<string>> ColumnAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        List<string> values = [];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private async Task<IEnumerable<string>> NamesAsync(string path, CancellationToken cancellationToken)
    {
        var items = await _rabbitMq.GetFromJsonAsync<List<NamedItem>>(path, cancellationToken).ConfigureAwait(false) ?? [];
        return items.Select(i => i.Name);
    }

    private static HttpClient ManagementClient(EngineConnections engines)
    {
        var userInfo = new Uri(engines.RabbitMq).UserInfo.Split(':', 2);
        var credentials = $"{Uri.UnescapeDataString(userInfo[0])}:{Uri.UnescapeDataString(userInfo.ElementAtOrDefault(1) ?? string.Empty)}";
        var http = new HttpClient { BaseAddress = engines.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }

    private sealed record NamedItem(string Name);

    [GeneratedRegex("[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingNumber();
}
