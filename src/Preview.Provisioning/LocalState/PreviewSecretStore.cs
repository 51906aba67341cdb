using System.Security.Cryptography;
using System.Text.Json;

namespace PreviewAspire.Provisioning;

/// <summary>
/// Generates credentials once (cryptographically random) and keeps them in the state directory with owner-only
/// permissions, so restarts reuse them. Values never leave this store except as Aspire secret parameters. A secrets
/// file that is a link, another user's, or readable by others is refused (see <see cref="SecretFile"/>).
/// </summary>
public sealed class PreviewSecretStore(string directory)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private readonly Lock _gate = new();

    /// <summary>The key of a PR's Postgres password.</summary>
    public const string PostgresKey = "postgres";

    /// <summary>The key of a PR's Redis password.</summary>
    public const string RedisKey = "redis";

    /// <summary>The key of a PR's RabbitMQ password.</summary>
    public const string RabbitMqKey = "rabbitmq";

    /// <summary>Where a state directory keeps its secrets: generated credentials and the running engines' connections.</summary>
    public static string DirectoryIn(string stateDirectory) => Path.Combine(stateDirectory, "secrets");

    /// <summary>Returns the secret <paramref name="key"/> of <paramref name="owner"/> (for example <c>pr42</c>, <c>postgres</c>), creating it on first use.</summary>
    public string GetOrCreate(string owner, string key)
    {
        lock (_gate)
        {
            var path = Path.Combine(directory, owner + ".json");
            var secrets = Read(path);
            if (!secrets.TryGetValue(key, out var value))
            {
                value = Generate();
                secrets[key] = value;
                Write(path, secrets);
            }

            return value;
        }
    }

    /// <summary>The passwords of preview <paramref name="owner"/> (for example <c>pr42</c>) for the three engines, creating them on first use.</summary>
    public PreviewCredentials GetOrCreateCredentials(string owner) =>
        new(GetOrCreate(owner, PostgresKey), GetOrCreate(owner, RedisKey), GetOrCreate(owner, RabbitMqKey));

    /// <summary>Forgets every secret of <paramref name="owner"/>; used when a preview is torn down so the next one gets fresh credentials.</summary>
    public void Delete(string owner)
    {
        lock (_gate)
        {
            File.Delete(Path.Combine(directory, owner + ".json"));
        }
    }

    /// <summary>A 32-character password from an alphabet safe in URIs, connection strings and SQL literals.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 32);

    private static SortedDictionary<string, string> Read(string path) =>
        SecretFile.TryReadAllText(path) is { } text
            ? JsonSerializer.Deserialize<SortedDictionary<string, string>>(text) ?? new(StringComparer.Ordinal)
            : new(StringComparer.Ordinal);

    private static void Write(string path, SortedDictionary<string, string> secrets) =>
        OwnerOnlyFile.Write(path, stream => JsonSerializer.Serialize(stream, secrets));
}
