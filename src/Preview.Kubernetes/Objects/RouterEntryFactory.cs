using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>
/// The router's entry for a PR: a ConfigMap in the PR's namespace recording which hostnames route to which Service.
/// The router itself needs no registration: it derives <c>&lt;service&gt;.preview-pr&lt;id&gt;.svc</c> from the host by
/// convention. The entry documents the mapping for people and tools (the PR comment, the sweep) and disappears with the namespace.
/// An entry service the PR does not fork maps to the baseline's Service.
/// </summary>
internal static class RouterEntryFactory
{
    /// <summary>The ConfigMap's name in every preview namespace.</summary>
    public const string Name = "preview-route";

    public static V1ConfigMap Create(PreviewNames names, string domain, ClusterPlacement placement)
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
