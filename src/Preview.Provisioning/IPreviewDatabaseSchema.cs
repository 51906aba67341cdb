using Npgsql;

namespace PreviewAspire.Provisioning;

/// <summary>
/// The application's database as code: the migrations and seed data the template database is built from. A change
/// of <see cref="Fingerprint"/> rebuilds the template; existing PR databases keep their data and run new migrations themselves.
/// </summary>
public interface IPreviewDatabaseSchema
{
    /// <summary>A stable hash of every migration and the seed data.</summary>
    string Fingerprint { get; }

    /// <summary>Applies pending migrations to the open connection's database; idempotent.</summary>
    Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken);

    /// <summary>Inserts the seed data into an empty, migrated database.</summary>
    Task SeedAsync(NpgsqlConnection connection, CancellationToken cancellationToken);
}
