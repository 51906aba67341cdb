using System.Globalization;

namespace PreviewAspire.Provisioning;

/// <summary>The SQL that bounds what a PR's Postgres role can take from the shared server and see of other PRs.</summary>
internal static class PostgresRoleLimits
{
    /// <summary>
    /// Per-role defaults: statement and idle-in-transaction timeouts (so a runaway query or a forgotten transaction ends
    /// by itself) and the temp-file limit (only a superuser can change that one).
    /// </summary>
    public static string SettingsSql(string role, PreviewLimits limits) => string.Create(CultureInfo.InvariantCulture, $"""
        ALTER ROLE {role} SET statement_timeout = '{(long)limits.PostgresStatementTimeout.TotalMilliseconds}ms';
        ALTER ROLE {role} SET idle_in_transaction_session_timeout = '{(long)limits.PostgresIdleInTransactionTimeout.TotalMilliseconds}ms';
        ALTER ROLE {role} SET temp_file_limit = '{limits.PostgresTempFileMegabytes}MB';
        """);

    /// <summary>
    /// Run in a PR's database: every role but the superuser loses the views and functions that list the server's
    /// sessions, their queries and their locks (Postgres shows other roles' rows there, only blanking the query text).
    /// </summary>
    public const string HideOtherSessionsSql = """
        DO $$
        DECLARE f regprocedure;
        BEGIN
            REVOKE SELECT ON pg_catalog.pg_stat_activity, pg_catalog.pg_locks FROM PUBLIC;
            FOR f IN
                SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
                WHERE p.pronamespace = 'pg_catalog'::regnamespace
                  AND (p.proname LIKE 'pg\_stat\_get\_backend%'
                       OR p.proname IN ('pg_stat_get_activity', 'pg_stat_get_progress_info', 'pg_lock_status', 'pg_blocking_pids', 'pg_safe_snapshot_blocking_pids'))
            LOOP
                EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
            END LOOP;
        END $$;
        """;
}
