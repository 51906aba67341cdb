using k8s;
using k8s.Models;
using PreviewAspire.Kubernetes.Output;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>Loads generated files as validated typed objects and reaches into their pods.</summary>
internal static class GeneratedObjects
{
    /// <summary>Every object of <paramref name="files"/> except the kustomization files, schema-validated.</summary>
    public static List<IKubernetesObject<V1ObjectMeta>> Of(IEnumerable<GeneratedFile> files) =>
        [.. files.Where(f => Path.GetFileName(f.Path) != Kustomization.FileName).SelectMany(KubernetesSchema.LoadAndValidate)];

    /// <summary>The pod spec of a workload object; null for objects that run nothing.</summary>
    public static V1PodSpec? Pod(IKubernetesObject<V1ObjectMeta> value) => value switch
    {
        V1Deployment d => d.Spec.Template.Spec,
        V1StatefulSet s => s.Spec.Template.Spec,
        V1Job j => j.Spec.Template.Spec,
        V1CronJob c => c.Spec.JobTemplate.Spec.Template.Spec,
        _ => null,
    };

    /// <summary>The containers (init containers included) of a workload object.</summary>
    public static IEnumerable<V1Container> Containers(IKubernetesObject<V1ObjectMeta> value) =>
        Pod(value) is { } pod ? [.. pod.InitContainers ?? [], .. pod.Containers] : [];
}
