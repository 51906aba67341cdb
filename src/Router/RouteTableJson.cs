using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PreviewAspire.Router;

/// <summary>
/// Reads and writes <see cref="RouteTable"/>, <see cref="ActivityReport"/> and <see cref="ServiceMeshDocument"/> in their
/// JSON contract (web defaults, camelCase).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RouteTable))]
[JsonSerializable(typeof(ActivityReport))]
[JsonSerializable(typeof(ServiceMeshDocument))]
public sealed partial class RouteTableJson : JsonSerializerContext
{
    /// <summary>Parses a route table; on failure <paramref name="error"/> says in one line what is wrong. Does not validate the entries.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out RouteTable? table, [NotNullWhen(false)] out string? error)
    {
        try
        {
            table = JsonSerializer.Deserialize(utf8Json, Default.RouteTable);
        }
        catch (JsonException ex)
        {
            table = null;
            error = $"The route table is not valid JSON: {OneLine(ex.Message)}";
            return false;
        }

        error = table is null ? "The route table is empty (null); expected {\"previews\":[...]}." : null;
        return table is not null;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
