namespace PreviewAspire.Orders.Database;

/// <summary>One schema change: applied once, in order of <see cref="Id"/>, and recorded in <c>schema_migrations</c>.</summary>
/// <param name="Id">A unique, ordered id such as <c>0001_create_orders</c>. Never rename or edit an applied migration.</param>
/// <param name="Sql">The statements to run.</param>
internal sealed record Migration(string Id, string Sql);
