using System.Text.RegularExpressions;

namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>The resources a manifest resource refers to directly, by the expressions in its environment and arguments.</summary>
public static partial class ManifestReferences
{
    /// <summary>
    /// The names of the resources <paramref name="resource"/>'s environment values and arguments refer to
    /// (<c>{pr7-postgres.connectionString}</c> refers to <c>pr7-postgres</c>), distinct, in ordinal order.
    /// </summary>
    public static IReadOnlyList<string> Of(AspireResource resource) =>
        [.. resource.Env.Select(e => e.Value).Concat(resource.Args)
            .SelectMany(value => Reference().Matches(value).Select(m => m.Groups["name"].Value))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{(?<name>[^{}.]+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
