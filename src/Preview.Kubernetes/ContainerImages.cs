using System.Text.RegularExpressions;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// The images of generated objects, always pinned by digest. Projects are <c>&lt;registry&gt;/&lt;project&gt;:&lt;tag&gt;@&lt;digest&gt;</c>
/// (for example <c>ghcr.io/acme/preview-aspire/api:3f2c1e0@sha256:…</c>); a container resource keeps the Aspire manifest's
/// image and gains its digest. The tag is for people; the digest decides what runs, so a tag pushed later changes nothing.
/// </summary>
public sealed partial record ContainerImages
{
    /// <summary>The registry and path used when none is given; a local registry as kind and minikube set up.</summary>
    public const string DefaultRegistry = "localhost:5000/preview-aspire";

    /// <summary>The tag used when none is given.</summary>
    public const string DefaultTag = "latest";

    /// <summary>The accepted form of <c>--image-digests</c>, for error messages.</summary>
    public const string DigestsForm = "<name>=sha256:<64 hex digits>[,<name>=sha256:…] for example api=sha256:3b4f…";

    private readonly IReadOnlyDictionary<string, string> _digests;

    private ContainerImages(string registry, string tag, IReadOnlyDictionary<string, string> digests)
    {
        Registry = registry;
        Tag = tag;
        _digests = digests;
    }

    /// <summary>The registry host (optionally with port) and repository path prefix.</summary>
    public string Registry { get; }

    /// <summary>The tag every project image carries, typically the PR head SHA.</summary>
    public string Tag { get; }

    /// <summary>The default registry and tag with no digests: generation fails until digests are given.</summary>
    public static ContainerImages Default { get; } = new(DefaultRegistry, DefaultTag, new SortedDictionary<string, string>(StringComparer.Ordinal));

    /// <summary>
    /// Validates a registry, tag and digest list (<see cref="DigestsForm"/>); throws <see cref="ManifestInputException"/>
    /// naming the accepted form.
    /// </summary>
    public static ContainerImages Create(string? registry, string? tag, string? digests = null)
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

        return new ContainerImages(r, t, ParseDigests(digests));
    }

    /// <summary>The pinned image of project <paramref name="project"/>, for example <c>localhost:5000/preview-aspire/api:latest@sha256:…</c>.</summary>
    public string For(string project) => $"{Registry}/{project}:{Tag}@{Digest(project)}";

    /// <summary>The pinned form of a container resource's <paramref name="image"/>, for example <c>docker.io/library/redis:8.6@sha256:…</c>.</summary>
    public string ForContainer(string name, string image) => $"{image}@{Digest(name)}";

    private string Digest(string name) => _digests.TryGetValue(name, out var digest)
        ? digest
        : throw new ManifestInputException($"--image-digests: no digest for '{name}'; every image is pinned by digest, expected {DigestsForm}.");

    private static SortedDictionary<string, string> ParseDigests(string? text)
    {
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = DigestEntryPattern().Match(entry);
            if (!match.Success)
            {
                throw new ManifestInputException($"--image-digests: '{entry}' is not a pinned image; expected {DigestsForm}.");
            }

            digests[match.Groups[1].Value] = match.Groups[2].Value;
        }

        return digests;
    }

    // host[:port] then /-separated lower-case path components, per the distribution reference grammar.
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex("^([a-z0-9][a-z0-9-]{0,62})=(sha256:[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestEntryPattern();
}
