using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>A shared engine (Postgres, Redis, RabbitMQ) as a single-replica StatefulSet with a persistent volume, and its Service.</summary>
internal static class EngineFactory
{
    /// <summary>The user id the official Postgres, Redis and RabbitMQ images run their server as.</summary>
    private const long EngineUser = 999;

    private const string DataVolume = "data";

    // Where each official image keeps its data.
    private static readonly Dictionary<string, string> DataPaths = new(StringComparer.Ordinal)
    {
        ["postgres"] = "/var/lib/postgresql",
        ["redis"] = "/data",
        ["rabbitmq"] = "/var/lib/rabbitmq",
    };

    public static IReadOnlyList<IMetadata<V1ObjectMeta>> Create(AspireResource engine, AspireManifest manifest, ClusterPlacement placement, IReadOnlyDictionary<string, string> labels, ContainerImages images)
    {
        var podLabels = ObjectMetadata.WithName(labels, engine.Name);
        var image = engine.Image ?? throw new ManifestInputException($"Container '{engine.Name}' has no image.");
        var container = WorkloadContainer.Create(engine.Name, images.ForContainer(engine.Name, image), engine, manifest, placement);
        container.Resources = ResourceBudgets.Engine();
        container.SecurityContext = PodHardening.Container(readOnlyRoot: false);
        var dataPath = DataPaths.TryGetValue(engine.Name, out var path) ? path : "/data";
        container.VolumeMounts = [new V1VolumeMount { Name = DataVolume, MountPath = dataPath }];
        var firstPort = WorkloadContainer.PortName(engine.Bindings[0]);
        container.ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = firstPort }, PeriodSeconds = 5 };
        container.LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = firstPort }, PeriodSeconds = 20, FailureThreshold = 6 };

        var statefulSet = new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = ObjectMetadata.Create(engine.Name, PreviewNames.SystemNamespace, podLabels),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = engine.Name,
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = podLabels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = PodHardening.Pod(EngineUser),
                        Containers = [container],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = DataVolume, Labels = podLabels },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new("10Gi") },
                            },
                        },
                    },
                ],
            },
        };
        var service = WorkloadContainer.Service(ObjectMetadata.Create(engine.Name, PreviewNames.SystemNamespace, podLabels), engine, podLabels);
        return [statefulSet, service];
    }
}
