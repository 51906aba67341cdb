using k8s;
using k8s.Models;
using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Waker;

/// <summary>Reads the preview namespaces and applies a <see cref="SleepChange"/>: every Deployment's scale, then the annotations.</summary>
internal sealed class PreviewScaler(IKubernetes kubernetes)
{
    /// <summary>Every preview namespace that is not being deleted, with its lifecycle annotations.</summary>
    public async Task<IReadOnlyDictionary<PullRequestId, PreviewLifetime>> PreviewsAsync(CancellationToken cancellationToken)
    {
        var namespaces = await kubernetes.CoreV1.ListNamespaceAsync(labelSelector: PreviewNames.PullRequestLabel, cancellationToken: cancellationToken).ConfigureAwait(false);
        var previews = new Dictionary<PullRequestId, PreviewLifetime>();
        foreach (var ns in namespaces.Items.Where(n => n.Status?.Phase != "Terminating"))
        {
            if (PullRequestId.TryParse(ns.Metadata.Labels[PreviewNames.PullRequestLabel], out var pr, out _) && ns.Metadata.Name == pr.Names.Namespace)
            {
                previews[pr] = PreviewLifetime.FromAnnotations(new Dictionary<string, string>(ns.Metadata.Annotations ?? new Dictionary<string, string>()));
            }
        }

        return previews;
    }

    public async Task ApplyAsync(SleepChange change, CancellationToken cancellationToken)
    {
        var ns = change.PullRequest.Names.Namespace;
        var deployments = await kubernetes.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var deployment in deployments.Items)
        {
            var scale = new V1Patch(new { spec = new { replicas = change.Replicas } }, V1Patch.PatchType.MergePatch);
            await kubernetes.AppsV1.PatchNamespacedDeploymentScaleAsync(scale, deployment.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var annotations = new V1Patch(new { metadata = new { annotations = change.Annotations } }, V1Patch.PatchType.MergePatch);
        await kubernetes.CoreV1.PatchNamespaceAsync(annotations, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
