using Npgsql;
using PreviewAspire.Naming;

namespace PreviewAspire.Provisioning;

/// <summary>
/// A PR's Postgres surface: a branch of the seeded template database (<c>CREATE DATABASE .. TEMPLATE</c>) owned by the
/// PR's own login role, which can connect to nothing else, holds at most <see cref="PreviewLimits.PostgresConnections"/>
/// sessions, and cannot see other sessions. Every operation is idempotent and safe to run concurrently.
/// </summary>
public sealed class PostgresPreviewDatabases(string adminConnectionString, IPreviewDatabaseSchema? schema, TimeProvider? time = null, PreviewLimits? limits = null)
{
    private const string RegistryTable = "preview_registry";
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly PreviewLimits _limits = limits ?? PreviewLimits.Default;

    /// <summary>Creates (or refreshes the password of) the PR's role and branches its database from the template if it does not exist.</summary>
    public Task ProvisionAsync(PullRequestId pullRequest, string password, CancellationToken cancellationToken) =>
        ProvisionAsync(pullRequest.Names, password, cancellationToken);

    /// <summary>
    /// As the PR overload, for <paramref name="names"/> (a PR's or the baseline's). The baseline is not entered in the
    /// registry, so <c>gc</c> never collects it.
    /// </summary>
    public async Task ProvisionAsync(PreviewNames names, string password, CancellationToken cancellationToken)
    {
        await using var admin = await OpenAsync("postgres", cancellationToken).ConfigureAwait(false);
        await EnsureRegistryAsync(admin, cancellationToken).ConfigureAwait(false);
        await EnsureTemplateAsync(admin, cancellationToken).ConfigureAwait(false);

        await using (await AdvisoryLock.TakeAsync(admin, names.Database, cancellationToken).ConfigureAwait(false))
        {
            var role = Sql.Identifier(names.DatabaseRole);
            var roleExists = await ScalarAsync<bool>(admin, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @p)", names.DatabaseRole, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin,
                $"{(roleExists ? "ALTER" : "CREATE")} ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT {_limits.PostgresConnections} PASSWORD {Sql.Literal(password)}",
                cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, PostgresRoleLimits.SettingsSql(role, _limits), cancellationToken).ConfigureAwait(false);

            var databaseExists = await ScalarAsync<bool>(admin, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @p)", names.Database, cancellationToken).ConfigureAwait(false);
            if (!databaseExists)
            {
                // FILE_COPY copies the template's files in one go; the default WAL_LOG strategy writes every block
                // through the WAL and is 2-4x slower for seeded templates (bench/branching.sh).
                var database = Sql.Identifier(names.Database);
                await ExecuteAsync(admin, $"CREATE DATABASE {database} TEMPLATE {Sql.Identifier(PreviewNames.TemplateDatabase)} OWNER {role} STRATEGY FILE_COPY", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(admin, $"REVOKE ALL ON DATABASE {database} FROM PUBLIC; GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {role}", cancellationToken).ConfigureAwait(false);
                await using var branch = await OpenAsync(names.Database, cancellationToken).ConfigureAwait(false);
                var templateOwner = Sql.Identifier(PreviewNames.TemplateOwnerRole);
                await ExecuteAsync(branch, $"REASSIGN OWNED BY {templateOwner} TO {role}; REVOKE ALL ON SCHEMA public FROM {templateOwner}", cancellationToken).ConfigureAwait(false);
            }

            // Every provision, so branches made before this rule existed are closed too.
            await using (var branch = await OpenAsync(names.Database, cancellationToken).ConfigureAwait(false))
            {
                await ExecuteAsync(branch, PostgresRoleLimits.HideOtherSessionsSql, cancellationToken).ConfigureAwait(false);
            }

            if (names.IsBaseline)
            {
                return;
            }

            await ExecuteAsync(admin,
                $"INSERT INTO {RegistryTable} (pull_request, created_at, last_used_at) VALUES (@pr, @now, @now) ON CONFLICT (pull_request) DO UPDATE SET last_used_at = EXCLUDED.last_used_at",
                cancellationToken, ("pr", names.Id.Value), ("now", _time.GetUtcNow())).ConfigureAwait(false);
        }
    }

    /// <summary>Drops the PR's database (disconnecting its sessions) and role. Succeeds when neither exists.</summary>
    public async Task TeardownAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        var names = pullRequest.Names;
        await using var admin = await OpenAsync("postgres", cancellationToken).ConfigureAwait(false);
        await EnsureRegistryAsync(admin, cancellationToken).ConfigureAwait(false);
        await using (await AdvisoryLock.TakeAsync(admin, names.Database, cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Sql.Identifier(names.Database)} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
            // DROP OWNED clears what the role still holds outside its dropped database (grants, objects in 'postgres').
            var role = Sql.Identifier(names.DatabaseRole);
            await ExecuteAsync(admin,
                $"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {Sql.Literal(names.DatabaseRole)}) THEN EXECUTE 'DROP OWNED BY {role.Replace("'", "''", StringComparison.Ordinal)} CASCADE'; EXECUTE 'DROP ROLE {role.Replace("'", "''", StringComparison.Ordinal)}'; END IF; END $$",
                cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"DELETE FROM {RegistryTable} WHERE pull_request = @pr", cancellationToken, ("pr", pullRequest.Value)).ConfigureAwait(false);
        }
    }

    /// <summary>Every provisioned PR with when it was created and last provisioned, and its database size in bytes.</summary>
    public async Task<IReadOnlyList<PreviewDatabaseInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var admin = await OpenAsync("postgres", cancellationToken).ConfigureAwait(false);
        await EnsureRegistryAsync(admin, cancellationToken).ConfigureAwait(false);
        var rows = new List<(PullRequestId Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt)>();
        await using (var command = new NpgsqlCommand($"SELECT pull_request, created_at, last_used_at FROM {RegistryTable} ORDER BY pull_request", admin))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((PullRequestId.From(reader.GetInt32(0)), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }

        var result = new List<PreviewDatabaseInfo>(rows.Count);
        foreach (var (id, createdAt, lastUsedAt) in rows)
        {
            var size = await ScalarAsync<long?>(admin, "SELECT pg_database_size(oid) FROM pg_database WHERE datname = @p", id.Names.Database, cancellationToken).ConfigureAwait(false);
            result.Add(new PreviewDatabaseInfo(id, createdAt, lastUsedAt, size));
        }

        return result;
    }

    /// <summary>Records that the PR's preview was used now (for <c>gc</c>).</summary>
    public async Task TouchAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        await using var admin = await OpenAsync("postgres", cancellationToken).ConfigureAwait(false);
        await EnsureRegistryAsync(admin, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(admin, $"UPDATE {RegistryTable} SET last_used_at = @now WHERE pull_request = @pr", cancellationToken, ("pr", pullRequest.Value), ("now", _time.GetUtcNow())).ConfigureAwait(false);
    }

    /// <summary>Builds the template from the schema's migrations and seed when it is missing or its fingerprint changed.</summary>
    public async Task EnsureTemplateAsync(CancellationToken cancellationToken)
    {
        await using var admin = await OpenAsync("postgres", cancellationToken).ConfigureAwait(false);
        await EnsureTemplateAsync(admin, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureTemplateAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        if (schema is null)
        {
            throw new InvalidOperationException("Provisioning needs the application's database schema; this instance was created for teardown and listing only.");
        }

        var marker = "fingerprint:" + schema.Fingerprint;
        const string currentMarkerSql = "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @p";
        if (await ScalarAsync<string>(admin, currentMarkerSql, PreviewNames.TemplateDatabase, cancellationToken).ConfigureAwait(false) == marker)
        {
            return;
        }

        await using (await AdvisoryLock.TakeAsync(admin, PreviewNames.TemplateDatabase, cancellationToken).ConfigureAwait(false))
        {
            if (await ScalarAsync<string>(admin, currentMarkerSql, PreviewNames.TemplateDatabase, cancellationToken).ConfigureAwait(false) == marker)
            {
                return;
            }

            var owner = Sql.Identifier(PreviewNames.TemplateOwnerRole);
            var template = Sql.Identifier(PreviewNames.TemplateDatabase);
            var next = PreviewNames.TemplateDatabase + "_next";
            await ExecuteAsync(admin, $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {Sql.Literal(PreviewNames.TemplateOwnerRole)}) THEN CREATE ROLE {owner} NOLOGIN; END IF; END $$", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Sql.Identifier(next)} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
            // The database itself stays the superuser's: REASSIGN OWNED in a branch would otherwise hand the template to a PR.
            await ExecuteAsync(admin, $"CREATE DATABASE {Sql.Identifier(next)}", cancellationToken).ConfigureAwait(false);
            await using (var build = await OpenAsync(next, cancellationToken).ConfigureAwait(false))
            {
                // Objects are created as the template owner so each branch can hand them to its PR role in one REASSIGN.
                await ExecuteAsync(build, $"GRANT ALL ON SCHEMA public TO {owner}; SET ROLE {owner}", cancellationToken).ConfigureAwait(false);
                await schema.MigrateAsync(build, cancellationToken).ConfigureAwait(false);
                await schema.SeedAsync(build, cancellationToken).ConfigureAwait(false);
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_database WHERE datname = {Sql.Literal(PreviewNames.TemplateDatabase)}) THEN ALTER DATABASE {template} IS_TEMPLATE false; END IF; END $$", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {template} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"ALTER DATABASE {Sql.Identifier(next)} RENAME TO {template}", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"ALTER DATABASE {template} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"REVOKE ALL ON DATABASE {template} FROM PUBLIC", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"COMMENT ON DATABASE {template} IS {Sql.Literal(marker)}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates the registry of provisioned PRs and closes the databases every role may open by default, so a PR role
    /// can connect to its own database and nothing else.
    /// </summary>
    private static async Task EnsureRegistryAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        // Catalog updates (GRANT/REVOKE, CREATE TABLE IF NOT EXISTS) race between concurrent provisioners; take turns.
        await using var turn = await AdvisoryLock.TakeAsync(admin, RegistryTable, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(admin,
            $"""
            CREATE TABLE IF NOT EXISTS {RegistryTable} (pull_request integer PRIMARY KEY, created_at timestamptz NOT NULL, last_used_at timestamptz NOT NULL);
            REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
            REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;
            """, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> OpenAsync(string database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ProvisioningException($"Postgres at {builder.Host}:{builder.Port} refused the administrator connection to '{database}': {ex.Message}. Is the engine running?", ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, string parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", parameter);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default : (T)value;
    }
}
