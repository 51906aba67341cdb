namespace PreviewAspire.Provisioning;

/// <summary>Quoting for the few statements (DDL) that cannot take parameters.</summary>
internal static class Sql
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
