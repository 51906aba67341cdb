using System.Text;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>
/// Turns Aspire manifest expressions (<c>{postgres.bindings.tcp.host}</c>, <c>{pr42-postgres.connectionString}</c>,
/// <c>{pr42-redis-password.value}</c>) into Kubernetes environment values. Secret parameters become
/// <c>$(VARIABLE)</c> references to variables filled from Secrets, so no secret value is ever resolved.
/// </summary>
/// <remarks>
/// URI-encoding filters are resolved to the plain secret: Kubernetes cannot encode at runtime, so generated passwords must
/// be URL-safe (CI generates hex).
/// </remarks>
public sealed class ExpressionResolver(AspireManifest manifest, ClusterPlacement placement)
{
    private const int MaxDepth = 16;
    private readonly SortedDictionary<string, SecretReference> _secrets = new(StringComparer.Ordinal);

    /// <summary>The Secret-backed variables the resolved values reference, ordered by name.</summary>
    public IReadOnlyCollection<SecretReference> Secrets => _secrets.Values;

    /// <summary>Resolves one manifest value; literal <c>$(</c> is escaped so Kubernetes leaves it alone.</summary>
    public string Resolve(string template) => Resolve(template, 0);

    private string Resolve(string template, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ManifestInputException($"Manifest expressions nest deeper than {MaxDepth} levels near '{template}'.");
        }

        var result = new StringBuilder();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                result.Append(Escape(template[position..]));
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw new ManifestInputException($"Unterminated manifest expression in '{template}'.");
            }

            result.Append(Escape(template[position..open]));
            result.Append(ResolveReference(template[(open + 1)..close], depth));
            position = close + 1;
        }

        return result.ToString();
    }

    private string ResolveReference(string reference, int depth)
    {
        var parts = reference.Split('.');
        var resource = manifest[parts[0]];
        return parts[1..] switch
        {
            ["connectionString"] => Resolve(resource.ConnectionString ?? throw Unsupported(reference), depth + 1),
            ["value"] or ["inputs", "value"] when resource.Type == AspireResourceTypes.Parameter => SecretVariable(resource),
            ["value"] when resource.Value is not null => Resolve(resource.Value, depth + 1),
            ["bindings", var binding, var property] => BindingProperty(resource, binding, property) ?? throw Unsupported(reference),
            _ => throw Unsupported(reference),
        };
    }

    private string? BindingProperty(AspireResource resource, string bindingName, string property)
    {
        var binding = resource.Bindings.FirstOrDefault(b => b.Name == bindingName);
        if (binding is null)
        {
            return null;
        }

        var host = placement.Host(resource.Name);
        var port = ClusterPlacement.ServicePort(resource, binding);
        return property switch
        {
            "host" => host,
            "port" => port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "targetPort" => ClusterPlacement.TargetPort(resource, binding).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "scheme" => binding.Scheme,
            "url" => $"{binding.Scheme}://{host}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            _ => null,
        };
    }

    private string SecretVariable(AspireResource parameter)
    {
        if (!parameter.IsSecret)
        {
            throw new ManifestInputException($"Parameter '{parameter.Name}' is not secret; only secret parameters (filled from Kubernetes Secrets) are supported.");
        }

        var reference = placement.IsLocal(parameter.Name)
            ? new SecretReference(Variable("SECRET_", placement.ObjectName(parameter.Name)), PreviewNames.CredentialsSecret, placement.ObjectName(parameter.Name))
            : new SecretReference(Variable("ENGINE_", parameter.Name), PreviewNames.EngineSecret, parameter.Name);
        _secrets[reference.Variable] = reference;
        return $"$({reference.Variable})";
    }

    private static string Variable(string prefix, string name) => prefix + name.ToUpperInvariant().Replace('-', '_');

    private static string Escape(string literal) => literal.Replace("$(", "$$(", StringComparison.Ordinal);

    private static ManifestInputException Unsupported(string reference) =>
        new($"The manifest expression '{{{reference}}}' is not supported by the Kubernetes generator.");
}
