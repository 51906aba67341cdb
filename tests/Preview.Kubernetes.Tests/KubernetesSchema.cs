using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using PreviewAspire.Kubernetes.Output;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>
/// Offline schema validation without a cluster: every document must load into its KubernetesClient typed model (the
/// models are generated from the Kubernetes OpenAPI schema) and serialize back byte-identically, so no field is unknown,
/// misspelled or mistyped; then the API server's required-field and format rules that matter here are checked.
/// </summary>
internal static partial class KubernetesSchema
{
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> LoadAndValidate(GeneratedFile file)
    {
        var documents = file.Content.Split(YamlDocuments.Separator);
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var document in documents)
        {
            var loaded = Assert.Single(KubernetesYaml.LoadAllFromString(document));
            var typed = Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(loaded);
            Assert.Equal(document, YamlDocuments.Serialize(typed));
            Validate(typed);
            objects.Add(typed);
        }

        return objects;
    }

    private static void Validate(IKubernetesObject<V1ObjectMeta> value)
    {
        Assert.False(string.IsNullOrEmpty(value.ApiVersion));
        Assert.False(string.IsNullOrEmpty(value.Kind));
        Assert.Matches(DnsLabel(), value.Metadata.Name);
        Assert.True(value is V1Namespace or V1ClusterRole or V1ClusterRoleBinding ^ value.Metadata.NamespaceProperty is not null, $"{value.Kind}/{value.Metadata.Name}: namespaced objects have a namespace, cluster-scoped ones none");
        foreach (var (key, label) in value.Metadata.Labels ?? new Dictionary<string, string>())
        {
            Assert.Matches(LabelValue(), label);
            Assert.True(key.Length <= 253, key);
        }

        switch (value)
        {
            case V1Deployment d:
                Workload(d.Spec.Selector, d.Spec.Template);
                break;
            case V1StatefulSet s:
                Workload(s.Spec.Selector, s.Spec.Template);
                Assert.False(string.IsNullOrEmpty(s.Spec.ServiceName));
                break;
            case V1Job j:
                Pod(j.Spec.Template.Spec);
                Assert.Contains(j.Spec.Template.Spec.RestartPolicy, new[] { "OnFailure", "Never" });
                break;
            case V1CronJob c:
                Assert.False(string.IsNullOrEmpty(c.Spec.Schedule));
                Pod(c.Spec.JobTemplate.Spec.Template.Spec);
                break;
            case V1Service svc:
                Assert.NotEmpty(svc.Spec.Ports);
                Assert.All(svc.Spec.Ports, p => Assert.InRange(p.Port, 1, 65535));
                if (svc.Metadata.Name == PreviewAspire.Naming.PreviewNames.PresenceService)
                {
                    // It only marks the PR's namespace for the router: no pod may be reachable through it.
                    Assert.Null(svc.Spec.Selector);
                }
                else
                {
                    Assert.NotEmpty(svc.Spec.Selector);
                }
                break;
            case V1Ingress ingress:
                Assert.All(ingress.Spec.Rules, r => Assert.NotEmpty(r.Http.Paths));
                break;
            case V1NetworkPolicy policy:
                Assert.NotNull(policy.Spec.PodSelector);
                Assert.NotEmpty(policy.Spec.PolicyTypes);
                Assert.All(policy.Spec.PolicyTypes, t => Assert.Contains(t, new[] { "Ingress", "Egress" }));
                Assert.All(
                    (policy.Spec.Ingress ?? []).SelectMany(r => r.Ports ?? []).Concat((policy.Spec.Egress ?? []).SelectMany(r => r.Ports ?? [])),
                    p => Assert.InRange(int.Parse(p.Port.Value, System.Globalization.CultureInfo.InvariantCulture), 1, 65535));
                break;
            case V1Role role:
                Rules(role.Rules);
                break;
            case V1ClusterRole clusterRole:
                Rules(clusterRole.Rules);
                break;
            case V1RoleBinding binding:
                Assert.NotEmpty(binding.Subjects);
                break;
            case V1ClusterRoleBinding clusterBinding:
                Assert.NotEmpty(clusterBinding.Subjects);
                break;
        }
    }

    private static void Rules(IList<V1PolicyRule> rules)
    {
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.True(r.Verbs.Count > 0 && r.Resources.Count > 0 && r.ApiGroups.Count > 0));
    }

    private static void Workload(V1LabelSelector selector, V1PodTemplateSpec template)
    {
        Assert.NotEmpty(selector.MatchLabels);
        Assert.All(selector.MatchLabels, l => Assert.Equal(l.Value, template.Metadata.Labels[l.Key]));
        Pod(template.Spec);
    }

    private static void Pod(V1PodSpec pod)
    {
        Assert.True(pod.SecurityContext.RunAsNonRoot, "pods run as non-root");
        Assert.NotEmpty(pod.Containers);
        foreach (var container in pod.Containers)
        {
            Assert.Matches(DnsLabel(), container.Name);
            Assert.False(string.IsNullOrEmpty(container.Image));
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.NotEmpty(container.Resources.Requests);
            Assert.NotEmpty(container.Resources.Limits);
            var ports = (container.Ports ?? []).Select(p => p.Name ?? string.Empty).ToHashSet();
            Assert.All(container.Ports ?? [], p => Assert.InRange(p.ContainerPort, 1, 65535));
            foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe }.OfType<V1Probe>())
            {
                var port = probe.HttpGet?.Port ?? probe.TcpSocket?.Port;
                Assert.Contains(port?.Value ?? string.Empty, ports);
            }

            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var env in container.Env ?? [])
            {
                Assert.Matches(EnvName(), env.Name);
                Assert.True(env.Value is null ^ env.ValueFrom is null, $"{env.Name} has exactly one of value and valueFrom");
                if (env.ValueFrom?.SecretKeyRef is { } secret)
                {
                    Assert.False(string.IsNullOrEmpty(secret.Name) || string.IsNullOrEmpty(secret.Key));
                }

                foreach (Match reference in VariableReference().Matches(env.Value ?? string.Empty))
                {
                    Assert.Contains(reference.Groups[1].Value, defined);
                }

                defined.Add(env.Name);
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"(?<!\$)\$\(([^)]+)\)")]
    private static partial Regex VariableReference();
}
