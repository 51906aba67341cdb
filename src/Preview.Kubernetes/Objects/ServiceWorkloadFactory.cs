using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>A long-running HTTP project (API, worker, frontend, router): a Deployment with health probes and its Service.</summary>
internal static class ServiceWorkloadFactory
{
    /// <summary>The readiness endpoint every ServiceDefaults project maps.</summary>
    public const string HealthPath = "/health";

    /// <summary>The liveness endpoint every ServiceDefaults project maps.</summary>
    public const string AlivePath = "/alive";

    public static IReadOnlyList<IMetadata<V1ObjectMeta>> Create(
        string name,
        string @namespace,
        IReadOnlyDictionary<string, string> labels,
        V1Container container,
        V1ResourceRequirements resources,
        AspireResource resource,
        string probePort,
        string healthPath = HealthPath,
        string livenessPath = AlivePath)
    {
        var podLabels = ObjectMetadata.WithName(labels, name);
        container.Resources = resources;
        container.ReadinessProbe = Probe(healthPath, probePort, periodSeconds: 5);
        container.LivenessProbe = Probe(livenessPath, probePort, periodSeconds: 10);
        container.StartupProbe = Probe(livenessPath, probePort, periodSeconds: 2, failureThreshold: 60);
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ObjectMetadata.Create(name, @namespace, podLabels),
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                RevisionHistoryLimit = 2,
                Selector = new V1LabelSelector { MatchLabels = podLabels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels },
                    Spec = PodHardening.DotNetPod(container, "Always"),
                },
            },
        };
        var service = WorkloadContainer.Service(ObjectMetadata.Create(name, @namespace, podLabels), resource, podLabels);
        return [deployment, service];
    }

    private static V1Probe Probe(string path, string port, int periodSeconds, int failureThreshold = 3) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 2,
        FailureThreshold = failureThreshold,
    };
}
