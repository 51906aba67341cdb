using k8s.Models;
using PreviewAspire.Kubernetes.Manifest;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>
/// The waker (src/Preview.Waker) in the system namespace: a Deployment with its own ServiceAccount, allowed to read
/// preview namespaces and scale their Deployments (ClusterRole) and to list the router's pods (Role in the system namespace).
/// It reads the router's <c>GET /activity</c> with the router's control token, from a Secret.
/// </summary>
internal static class WakerFactory
{
    /// <summary>The waker's Deployment, ServiceAccount, roles and image name.</summary>
    public const string Name = "preview-waker";

    /// <summary>The image (project) name the waker is published as.</summary>
    public const string Image = "waker";

    /// <summary>The environment variable the waker reads the router's control token from.</summary>
    public const string TokenVariable = "Waker__RouterToken";

    public static IEnumerable<object> Create(string image, IReadOnlyDictionary<string, string> labels, int routerManagementPort, SecretReference routerToken)
    {
        var ns = PreviewNames.SystemNamespace;
        var podLabels = ObjectMetadata.WithName(labels, Name);
        var container = new V1Container
        {
            Name = Image,
            Image = image,
            ImagePullPolicy = "IfNotPresent",
            Env =
            [
                new V1EnvVar { Name = "Waker__PeriodSeconds", Value = "5" },
                new V1EnvVar { Name = "Waker__RouterManagementPort", Value = routerManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                routerToken.ToEnvVar(),
            ],
            Resources = ResourceBudgets.Service(),
        };
        var pod = PodHardening.DotNetPod(container, "Always");
        pod.ServiceAccountName = Name;
        pod.AutomountServiceAccountToken = true; // the one system pod that talks to the Kubernetes API
        yield return RbacObjects.Account(Name, ns, labels);
        yield return RbacObjects.ClusterRole(Name, labels,
        [
            RbacObjects.Rule("", ["namespaces"], [.. RbacObjects.Read, "patch"]),
            RbacObjects.Rule("apps", ["deployments"], RbacObjects.Read),
            RbacObjects.Rule("apps", ["deployments/scale"], ["get", "patch"]),
        ]);
        yield return RbacObjects.ClusterRoleBinding(Name, ns, labels);
        yield return RbacObjects.Role(Name, ns, labels, [RbacObjects.Rule("", ["pods"], RbacObjects.Read)]);
        yield return RbacObjects.RoleBinding(Name, ns, ns, labels);
        yield return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ObjectMetadata.Create(Name, ns, podLabels),
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                RevisionHistoryLimit = 2,
                Selector = new V1LabelSelector { MatchLabels = podLabels },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = podLabels }, Spec = pod },
            },
        };
    }
}
