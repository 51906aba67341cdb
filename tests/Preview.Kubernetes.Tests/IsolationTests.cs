using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>What keeps one PR's code from reaching another preview or the engines' administrator credentials.</summary>
public sealed partial class IsolationTests
{
    private static readonly PreviewNames Names = GoldenInputs.PullRequest.Names;

    public static TheoryData<string> Sets => GoldenInputs.Sets;

    private static List<IKubernetesObject<V1ObjectMeta>> Objects(string set) => GeneratedObjects.Of(GoldenInputs.Set(set));

    [Fact]
    public void NoObjectInAPullRequestNamespaceReferencesTheEnginesOrAForeignSecret()
    {
        var overlay = GoldenInputs.Overlay();
        Assert.All(overlay, f => Assert.DoesNotContain(PreviewNames.EngineSecret, f.Content, StringComparison.Ordinal));
        var referenced = GeneratedObjects.Of(overlay).SelectMany(o => SecretNames(o).Select(secret => (o.Metadata.NamespaceProperty, secret))).ToList();
        Assert.NotEmpty(referenced);
        Assert.All(referenced, r => Assert.Equal((Names.Namespace, PreviewNames.CredentialsSecret), r));
    }

    [Fact]
    public void AWorkloadThatReadsTheEnginesCredentialsIsRejected()
    {
        var manifest = JsonNode.Parse(GoldenInputs.ManifestJson)!;
        manifest["resources"]!["pr7-api"]!["env"]!["STOLEN"] = "{postgres-password.value}";
        var error = Assert.Throws<ManifestInputException>(() => ManifestSetGenerator.Generate(manifest.ToJsonString(), [GoldenInputs.PullRequest], GoldenInputs.Options));
        Assert.Contains(PreviewNames.EngineSecret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryImageIsPinnedByDigest(string set)
    {
        var images = Objects(set).SelectMany(GeneratedObjects.Containers).Select(c => c.Image).ToList();
        Assert.NotEmpty(images);
        Assert.All(images, image => Assert.Matches(PinnedImage(), image));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void EachNamespaceDeniesIngressAndEgressByDefault(string set)
    {
        var objects = Objects(set);
        var namespaces = objects.OfType<V1Namespace>().Select(n => n.Metadata.Name).ToList();
        Assert.NotEmpty(namespaces);
        foreach (var ns in namespaces)
        {
            var policies = objects.OfType<V1NetworkPolicy>().Where(p => p.Metadata.NamespaceProperty == ns).ToList();
            Assert.Contains(policies, p =>
                (p.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>()).Count == 0 && p.Spec.PodSelector.MatchExpressions is null &&
                p.Spec.PolicyTypes.Order().SequenceEqual(["Egress", "Ingress"]) &&
                p.Spec.Ingress is null && p.Spec.Egress is null);
            // Nothing opens the whole network: every egress names its peers, except the waker's to the API server's ports.
            foreach (var policy in policies)
            {
                Assert.All(policy.Spec.Egress ?? [], rule =>
                {
                    if (rule.To is null)
                    {
                        Assert.Equal("preview-waker", Label(policy.Spec.PodSelector, "app.kubernetes.io/name"));
                        Assert.Equal(["443", "6443"], rule.Ports.Select(p => p.Port.Value));
                        return;
                    }

                    Assert.All(rule.To, peer => Assert.Null(peer.IpBlock));
                });
            }
        }
    }

    [Fact]
    public void PreviewPodsReachOnlyDnsTheirNamespaceAndTheEnginesClientPorts()
    {
        var egress = Objects("overlay").OfType<V1NetworkPolicy>().SelectMany(p => p.Spec.Egress ?? []).ToList();
        var toSystem = egress.SelectMany(r => r.To.Where(peer => peer.NamespaceSelector?.MatchLabels?.Values.Contains(PreviewNames.SystemNamespace) == true).Select(peer => (peer, r.Ports))).ToList();
        Assert.Equal(["postgres", "rabbitmq", "redis"], toSystem.Select(t => t.peer.PodSelector.MatchLabels["app.kubernetes.io/name"]).Order());
        Assert.Equal(["5432", "5672", "6379"], toSystem.SelectMany(t => t.Ports).Select(p => p.Port.Value).Order());
        var ingress = Objects("overlay").OfType<V1NetworkPolicy>().SelectMany(p => p.Spec.Ingress ?? []).SelectMany(r => r.FromProperty).ToList();
        Assert.All(ingress, peer => Assert.True(
            peer.NamespaceSelector is null || Label(peer.PodSelector, "app.kubernetes.io/name") == ClusterBaseGenerator.Router,
            "only the same namespace and the router's pods may connect"));
    }

    [Fact]
    public void EnginesAcceptClientsOnlyFromPreviewNamespacesAndManagementOnlyFromEngineJobs()
    {
        var system = Objects("base");
        var policies = system.OfType<V1NetworkPolicy>().ToList();
        foreach (var engine in new[] { "postgres", "redis", "rabbitmq" })
        {
            var rules = policies.Where(p => Label(p.Spec.PodSelector, "app.kubernetes.io/name") == engine).SelectMany(p => p.Spec.Ingress ?? []).ToList();
            Assert.NotEmpty(rules);
            Assert.All(rules.SelectMany(r => r.FromProperty), peer => Assert.True(
                peer.NamespaceSelector?.MatchExpressions?.Single().Key == PreviewNames.PullRequestLabel ||
                Label(peer.PodSelector, "preview-aspire.io/engine-admin") == "true",
                $"{engine} admits only preview namespaces and engine Jobs"));
        }

        var management = policies.SelectMany(p => p.Spec.Ingress ?? []).Where(r => (r.Ports ?? []).Any(p => p.Port.Value == "15672")).ToList();
        Assert.NotEmpty(management);
        Assert.All(management.SelectMany(r => r.FromProperty), peer => Assert.Equal("true", peer.PodSelector.MatchLabels["preview-aspire.io/engine-admin"]));
        var admins = system.OfType<V1CronJob>().Where(c => c.Spec.JobTemplate.Spec.Template.Metadata.Labels.ContainsKey("preview-aspire.io/engine-admin")).Select(c => c.Metadata.Name);
        Assert.Equal([PreviewNames.InventoryTemplate, PreviewNames.ProvisionTemplate, PreviewNames.TeardownTemplate], admins.Order());
    }

    [Fact]
    public void TheDeployerReachesOnlyWorkloadsInItsOwnNamespaceAndNoSecret()
    {
        var overlay = Objects("overlay");
        var binding = Assert.Single(overlay.OfType<V1RoleBinding>());
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal((PreviewNames.DeployerAccount, Names.Namespace), (subject.Name, subject.NamespaceProperty));
        Assert.Equal(("Role", Names.Namespace), (binding.RoleRef.Kind, binding.Metadata.NamespaceProperty));
        var role = Assert.Single(overlay.OfType<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name);
        var resources = role.Rules.SelectMany(r => r.Resources).ToList();
        Assert.DoesNotContain("secrets", resources);
        Assert.DoesNotContain("*", resources.Concat(role.Rules.SelectMany(r => r.Verbs)));
        Assert.DoesNotContain(role.Rules, r => r.Resources.Intersect(["networkpolicies", "resourcequotas", "limitranges", "roles", "rolebindings", "namespaces", "jobs", "serviceaccounts"]).Any());
        Assert.DoesNotContain(Objects("base").OfType<V1ClusterRoleBinding>(), b => b.Subjects.Any(s => s.Name == PreviewNames.DeployerAccount));
    }

    [Fact]
    public void OnlyTheWakerCarriesAServiceAccountTokenAndItCannotReadSecrets()
    {
        var system = Objects("base");
        var withToken = system.Select(o => (o.Metadata.Name, Pod: GeneratedObjects.Pod(o))).Where(p => p.Pod?.AutomountServiceAccountToken == true).Select(p => p.Name);
        Assert.Equal(["preview-waker"], withToken);
        var rules = system.OfType<V1ClusterRole>().Where(r => r.Metadata.Name == "preview-waker").SelectMany(r => r.Rules)
            .Concat(system.OfType<V1Role>().Where(r => r.Metadata.Name == "preview-waker").SelectMany(r => r.Rules)).ToList();
        Assert.NotEmpty(rules);
        Assert.DoesNotContain(rules, r => r.Resources.Contains("secrets") || r.Resources.Contains("*") || r.Verbs.Contains("*"));
        Assert.Equal(["get", "patch"], rules.Single(r => r.Resources.Contains("deployments/scale")).Verbs);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryNamespaceEnforcesRestrictedPodSecurity(string set)
    {
        var namespaces = Objects(set).OfType<V1Namespace>().ToList();
        Assert.NotEmpty(namespaces);
        Assert.All(namespaces, n => Assert.Equal("restricted", n.Metadata.Labels["pod-security.kubernetes.io/enforce"]));
        Assert.All(Objects(set).Select(GeneratedObjects.Pod).OfType<V1PodSpec>(), pod =>
        {
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            Assert.All(pod.Containers, c => Assert.Equal(["ALL"], c.SecurityContext.Capabilities.Drop));
        });
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryContainerBudgetsEphemeralStorage(string set)
    {
        Assert.All(Objects(set).SelectMany(GeneratedObjects.Containers), c =>
        {
            Assert.True(c.Resources.Requests.ContainsKey("ephemeral-storage"), c.Name);
            Assert.True(c.Resources.Limits.ContainsKey("ephemeral-storage"), c.Name);
        });
        if (set == "overlay")
        {
            var quota = Assert.Single(Objects(set).OfType<V1ResourceQuota>());
            Assert.Contains("requests.ephemeral-storage", quota.Spec.Hard.Keys);
            Assert.Contains("limits.ephemeral-storage", quota.Spec.Hard.Keys);
        }
    }

    private static string? Label(V1LabelSelector? selector, string key) =>
        selector?.MatchLabels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    private static IEnumerable<string> SecretNames(IKubernetesObject<V1ObjectMeta> value)
    {
        var pod = GeneratedObjects.Pod(value);
        if (pod is null)
        {
            return [];
        }

        var containers = GeneratedObjects.Containers(value).ToList();
        return containers.SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name)
            .Concat(containers.SelectMany(c => c.EnvFrom ?? []).Select(e => e.SecretRef?.Name))
            .Concat((pod.Volumes ?? []).Select(v => v.Secret?.SecretName))
            .Concat((pod.ImagePullSecrets ?? []).Select(s => s.Name))
            .OfType<string>();
    }

    [GeneratedRegex("^[a-z0-9.:/_-]+(:[A-Za-z0-9_.-]+)?@sha256:[0-9a-f]{64}$")]
    private static partial Regex PinnedImage();
}
