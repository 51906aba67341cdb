using System.Text.Json;

namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>The resources of an <c>aspire-manifest.json</c>, in manifest order.</summary>
public sealed class AspireManifest
{
    private readonly Dictionary<string, AspireResource> _byName;

    private AspireManifest(IReadOnlyList<AspireResource> resources)
    {
        Resources = resources;
        _byName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>Every resource, in the order the manifest lists them.</summary>
    public IReadOnlyList<AspireResource> Resources { get; }

    /// <summary>The resource named <paramref name="name"/>; throws <see cref="ManifestInputException"/> when the manifest has none.</summary>
    public AspireResource this[string name] => _byName.TryGetValue(name, out var resource)
        ? resource
        : throw new ManifestInputException($"The Aspire manifest has no resource named '{name}'.");

    /// <summary>True when the manifest has a resource named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Parses manifest JSON; throws <see cref="ManifestInputException"/> when it is not an Aspire manifest.</summary>
    public static AspireManifest Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Object)
            {
                throw new ManifestInputException("The Aspire manifest has no 'resources' object.");
            }

            return new AspireManifest([.. resources.EnumerateObject().Select(p => ReadResource(p.Name, p.Value))]);
        }
        catch (JsonException ex)
        {
            throw new ManifestInputException($"The Aspire manifest is not valid JSON: {ex.Message}");
        }
    }

    private static AspireResource ReadResource(string name, JsonElement element) => new()
    {
        Name = name,
        Type = String(element, "type") ?? throw new ManifestInputException($"Resource '{name}' has no type."),
        Image = String(element, "image"),
        Entrypoint = String(element, "entrypoint"),
        Args = element.TryGetProperty("args", out var args) ? [.. args.EnumerateArray().Select(a => a.GetString() ?? string.Empty)] : [],
        Env = element.TryGetProperty("env", out var env) ? [.. env.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? string.Empty))] : [],
        Bindings = element.TryGetProperty("bindings", out var bindings)
            ? [.. bindings.EnumerateObject().Select(b => new AspireBinding(
                b.Name,
                String(b.Value, "scheme") ?? "tcp",
                b.Value.TryGetProperty("targetPort", out var port) ? port.GetInt32() : null))]
            : [],
        ConnectionString = String(element, "connectionString"),
        Value = String(element, "value"),
        IsSecret = element.TryGetProperty("inputs", out var inputs) && inputs.TryGetProperty("value", out var input) &&
            input.TryGetProperty("secret", out var secret) && secret.ValueKind == JsonValueKind.True,
    };

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
