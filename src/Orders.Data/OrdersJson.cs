using System.Text.Json;

namespace PreviewAspire.Orders;

/// <summary>The JSON settings shared by the API, the cache and the messages: web defaults (camelCase).</summary>
public static class OrdersJson
{
    /// <summary>Serializer options for every order payload.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
