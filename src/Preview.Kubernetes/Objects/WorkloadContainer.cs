using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>Builds the container of an Aspire project or container resource: image, entrypoint, args, ports and environment.</summary>
internal static class WorkloadContainer
{
    /// <summary>
    /// The container named <paramref name="name"/> running <paramref name="image"/>. Values are resolved with a fresh
    /// <see cref="ExpressionResolver"/>; the Secret-backed variables they reference come first so <c>$(VAR)</c> expands.
    /// </summary>
    public static V1Container Create(string name, string image, AspireResource resource, AspireManifest manifest, ClusterPlacement placement, IEnumerable<KeyValuePair<string, string>>? extraEnv = null)
    {
        var resolver = new ExpressionResolver(manifest, placement);
        var env = resource.Env.Concat(extraEnv ?? []).Select(e => new V1EnvVar { Name = e.Key, Value = resolver.Resolve(e.Value) }).ToList();
        var args = resource.Args.Select(resolver.Resolve).ToList();
        return new V1Container
        {
            Name = name,
            Image = image,
            ImagePullPolicy = "IfNotPresent",
            Command = resource.Entrypoint is null ? null : [resource.Entrypoint],
            Args = args.Count == 0 ? null : args,
            Env = [.. resolver.Secrets.Select(s => s.ToEnvVar()), .. env],
            Ports = resource.Bindings.Count == 0
                ? null
                : [.. resource.Bindings.Select(b => new V1ContainerPort { Name = PortName(b), ContainerPort = ClusterPlacement.TargetPort(resource, b), Protocol = "TCP" })],
        };
    }

    /// <summary>The port name of a binding (an IANA service name: at most 15 characters).</summary>
    public static string PortName(AspireBinding binding) => binding.Name.Length <= 15 ? binding.Name : binding.Name[..15];

    /// <summary>The Service exposing every binding of <paramref name="resource"/> to pods labelled <paramref name="selector"/>.</summary>
    public static V1Service Service(V1ObjectMeta metadata, AspireResource resource, IDictionary<string, string> selector, bool headless = false) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = metadata,
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            ClusterIP = headless ? "None" : null,
            Selector = selector,
            Ports = [.. resource.Bindings.Select(b => new V1ServicePort
            {
                Name = PortName(b),
                Port = ClusterPlacement.ServicePort(resource, b),
                TargetPort = PortName(b),
                Protocol = "TCP",
            })],
        },
    };
}
