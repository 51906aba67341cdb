using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>
/// The router's entry for a PR: a ConfigMap in the PR's namespace recording which hostnames route to which Service.
/// The router itself needs no registration: it derives <c>&lt;service&gt;.preview-pr&lt;id&gt;.svc</c> from the host by
/// convention. The entry documents the mapping for people and tools (the PR comment, the sweep) and disappears with the namespace.
/// An entry service the PR does not fork maps to the baseline's Service, and the namespace then also holds Service
/// <see cref="PreviewNames.PresenceService"/>, which tells the router the PR exists (see docs/kubernetes.md, "Router in the cluster").
/// </summary>
internal static class RouterEntryFactory
{
    /// <summary>The ConfigMap's name in every preview namespace.</summary>
    public const string Name = "preview-route";

    /// <summary>
    /// What the router reads from the PR's namespace: the ConfigMap, and Service <see cref="PreviewNames.PresenceService"/>
    /// when an entry service comes from the baseline (a PR forking both entries is found by their own Services).
    /// </summary>
    public static IEnumerable<object> Create(PreviewNames names, string domain, ClusterPlacement placement)
    {
        yield return Entry(names, domain, placement);
        if (placement.IsBaseline(names.ServiceFor(PreviewSurface.Frontend)) || placement.IsBaseline(names.ServiceFor(PreviewSurface.Api)))
        {
            yield return Presence(names);
        }
    }

    // No selector and so no endpoints: its name resolves, which is all the router asks of it, and nothing can be reached through it.
    private static V1Service Presence(PreviewNames names) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = ObjectMetadata.Create(PreviewNames.PresenceService, names.Namespace, names.Labels),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Ports = [new V1ServicePort { Name = "presence", Port = ClusterPlacement.HttpServicePort, Protocol = "TCP" }],
        },
    };

    private static V1ConfigMap Entry(PreviewNames names, string domain, ClusterPlacement placement)
    {
        string Target(PreviewSurface surface)
        {
            var resource = names.ServiceFor(surface);
            var service = placement.ObjectName(resource);
            var host = placement.IsBaseline(resource) ? placement.BaselineHost(service) : $"{service}.{names.Namespace}.svc.{placement.ClusterDomain}";
            return $"{host}:{ClusterPlacement.HttpServicePort}";
        }

        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = ObjectMetadata.Create(Name, names.Namespace, names.Labels),
            Data = ObjectMetadata.Sorted(
            [
                KeyValuePair.Create(names.Host(PreviewSurface.Frontend, domain), Target(PreviewSurface.Frontend)),
                KeyValuePair.Create(names.Host(PreviewSurface.Api, domain), Target(PreviewSurface.Api)),
            ]),
        };
    }
}
