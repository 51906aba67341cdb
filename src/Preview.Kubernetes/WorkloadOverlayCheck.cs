using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes;

/// <summary>
/// Checks the workloads a PR's own code generated before the operator applies them with the PR's deployer token: only
/// ConfigMaps, Services and Deployments, all in the PR's namespace, images pinned by digest, no Secret but the PR's own,
/// no host access. The deployer's Role already confines what the apply can do; this turns a violation into a clear
/// refusal before anything is sent.
/// </summary>
public static partial class WorkloadOverlayCheck
{
    private static readonly HashSet<string> AllowedKinds = ["ConfigMap", "Deployment", "Service"];

    /// <summary>What is wrong with <paramref name="yaml"/> (the output of <c>kubectl kustomize</c>) for PR <paramref name="pullRequest"/>; empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(string yaml, PullRequestId pullRequest) => Problems(yaml, pullRequest.Names);

    /// <summary>What is wrong with <paramref name="yaml"/> for the preview <paramref name="preview"/> names (a PR's, or <see cref="PreviewNames.Baseline"/>); empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(string yaml, PreviewNames preview)
    {
        var ns = preview.Namespace;
        List<string> problems = [];
        List<object> objects = [];
        foreach (var document in DocumentSeparator().Split(yaml).Where(d => !string.IsNullOrWhiteSpace(d)))
        {
            try
            {
                objects.AddRange(KubernetesYaml.LoadAllFromString(document));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever the loader makes of it (malformed YAML, an unknown kind), it is not applied.
                problems.Add($"a document that is not a known Kubernetes object: {ex.Message}");
            }
        }

        foreach (var value in objects)
        {
            if (value is not IKubernetesObject<V1ObjectMeta> item)
            {
                problems.Add($"an object that is not a Kubernetes object: {value.GetType().Name}");
                continue;
            }

            var what = $"{item.Kind}/{item.Metadata?.Name}";
            if (!AllowedKinds.Contains(item.Kind))
            {
                problems.Add($"{what}: a PR may apply only {string.Join(", ", AllowedKinds.Order())}");
            }

            if (item.Metadata?.NamespaceProperty != ns)
            {
                problems.Add($"{what}: namespace '{item.Metadata?.NamespaceProperty}', expected '{ns}'");
            }

            if (item is V1Service { Spec.Type: not (null or "ClusterIP") } service)
            {
                problems.Add($"{what}: Service type {service.Spec.Type}; only ClusterIP");
            }

            if (item is V1Deployment deployment)
            {
                problems.AddRange(PodProblems(what, deployment.Spec.Template.Spec));
            }
        }

        return problems;
    }

    private static IEnumerable<string> PodProblems(string what, V1PodSpec pod)
    {
        if (pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true || pod.Volumes?.Any(v => v.HostPath is not null) == true)
        {
            yield return $"{what}: host network, processes or paths";
        }

        if (pod.ServiceAccountName is not (null or "default") || pod.AutomountServiceAccountToken != false)
        {
            yield return $"{what}: pods run without a service-account token";
        }

        var secrets = (pod.Volumes ?? []).Select(v => v.Secret?.SecretName)
            .Concat(pod.Containers.Concat(pod.InitContainers ?? []).SelectMany(c => (c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name).Concat((c.EnvFrom ?? []).Select(e => e.SecretRef?.Name))))
            .OfType<string>();
        foreach (var secret in secrets.Where(s => s != PreviewNames.CredentialsSecret).Distinct())
        {
            yield return $"{what}: reads Secret '{secret}'; only '{PreviewNames.CredentialsSecret}'";
        }

        foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []).Where(c => !PinnedImage().IsMatch(c.Image ?? string.Empty)))
        {
            yield return $"{what}: image '{container.Image}' is not pinned by digest";
        }
    }

    [GeneratedRegex(@"^---[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex("@sha256:[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex PinnedImage();
}
