using k8s.Models;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>The Ingress sending every <c>*.&lt;domain&gt;</c> host to the router.</summary>
internal static class IngressFactory
{
    /// <summary>The TLS Secret holding the wildcard certificate for <c>*.&lt;domain&gt;</c> (created by cert-manager or the operator).</summary>
    public const string WildcardCertificateSecret = "preview-wildcard-tls";

    public static V1Ingress Create(string routerService, string routerPort, string domain, IReadOnlyDictionary<string, string> labels)
    {
        var host = $"*.{PreviewDomain.Normalize(domain)}";
        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = ObjectMetadata.Create(routerService, PreviewNames.SystemNamespace, ObjectMetadata.WithName(labels, routerService)),
            Spec = new V1IngressSpec
            {
                Tls = [new V1IngressTLS { Hosts = [host], SecretName = WildcardCertificateSecret }],
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = "/",
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend { Name = routerService, Port = new V1ServiceBackendPort { Name = routerPort } },
                                    },
                                },
                            ],
                        },
                    },
                ],
            },
        };
    }
}
