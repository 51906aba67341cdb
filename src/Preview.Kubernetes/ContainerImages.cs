using System.Text.RegularExpressions;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// Where CI pushes the images of the AppHost's projects: <c>&lt;registry&gt;/&lt;project&gt;:&lt;tag&gt;</c>,
/// for example <c>ghcr.io/acme/preview-aspire/api:3f2c1e0</c>.
/// </summary>
public sealed partial record ContainerImages
{
    /// <summary>The registry and path used when none is given; a local registry as kind and minikube set up.</summary>
    public const string DefaultRegistry = "localhost:5000/preview-aspire";

    /// <summary>The tag used when none is given.</summary>
    public const string DefaultTag = "latest";

    private ContainerImages(string registry, string tag)
    {
        Registry = registry;
        Tag = tag;
    }

    /// <summary>The registry host (optionally with port) and repository path prefix.</summary>
    public string Registry { get; }

    /// <summary>The tag every project image carries, typically the PR head SHA.</summary>
    public string Tag { get; }

    /// <summary>The defaults: <see cref="DefaultRegistry"/> and <see cref="DefaultTag"/>.</summary>
    public static ContainerImages Default { get; } = new(DefaultRegistry, DefaultTag);

    /// <summary>Validates a registry and tag; throws <see cref="ManifestInputException"/> naming the accepted form.</summary>
    public static ContainerImages Create(string? registry, string? tag)
    {
        var r = string.IsNullOrWhiteSpace(registry) ? DefaultRegistry : registry.Trim().TrimEnd('/');
        var t = string.IsNullOrWhiteSpace(tag) ? DefaultTag : tag.Trim();
        if (!RegistryPattern().IsMatch(r))
        {
            throw new ManifestInputException($"--image-registry: '{registry}' is not an image registry; expected a host with optional port and lower-case path, for example ghcr.io/acme/preview-aspire or localhost:5000/preview.");
        }

        if (!TagPattern().IsMatch(t))
        {
            throw new ManifestInputException($"--image-tag: '{tag}' is not an image tag; expected 1-128 of letters, digits, '_', '.', '-', not starting with '.' or '-' (for example the head commit SHA).");
        }

        return new ContainerImages(r, t);
    }

    /// <summary>The image reference of project <paramref name="project"/>, for example <c>localhost:5000/preview-aspire/api:latest</c>.</summary>
    public string For(string project) => $"{Registry}/{project}:{Tag}";

    // host[:port] then /-separated lower-case path components, per the distribution reference grammar.
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
