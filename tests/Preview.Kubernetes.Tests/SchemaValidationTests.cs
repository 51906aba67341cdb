using k8s.Models;
using PreviewAspire.Kubernetes.Output;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests;

/// <summary>Every generated object validates against the Kubernetes schema and the preview's rules.</summary>
public sealed class SchemaValidationTests
{
    public static TheoryData<string> Sets => GoldenInputs.Sets;

    private static IReadOnlyList<GeneratedFile> Files(string set) => GoldenInputs.Set(set);

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryObjectValidates(string set)
    {
        Assert.NotEmpty(GeneratedObjects.Of(Files(set)));
    }

    [Fact]
    public void OverlayHoldsEveryPieceOfAPreview()
    {
        var objects = GeneratedObjects.Of(GoldenInputs.Overlay());
        var names = GoldenInputs.PullRequest.Names;
        Assert.All(objects, o => Assert.Equal(names.Labels, (IEnumerable<KeyValuePair<string, string>>)o.Metadata.Labels.Where(l => names.Labels.ContainsKey(l.Key))));
        Assert.All(objects.Where(o => o is not V1Namespace), o => Assert.Equal(names.Namespace, o.Metadata.NamespaceProperty));
        Assert.Equal(["api", "frontend", "worker"], objects.OfType<V1Deployment>().Select(d => d.Metadata.Name).Order());
        Assert.Equal(["api", "frontend", "worker"], objects.OfType<V1Service>().Select(d => d.Metadata.Name).Order());
        Assert.Empty(objects.OfType<V1Job>());
        Assert.Equal(["allow-dns", "allow-engines", "allow-router", "allow-same-namespace", "default-deny"], objects.OfType<V1NetworkPolicy>().Select(p => p.Metadata.Name).Order());
        Assert.Single(objects.OfType<V1ResourceQuota>());
        Assert.Single(objects.OfType<V1LimitRange>());
        var ns = Assert.Single(objects.OfType<V1Namespace>());
        Assert.Equal("2025-02-03T12:00:00Z", ns.Metadata.Annotations[PreviewNames.ExpiresAtAnnotation]);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", ns.Metadata.Annotations[PreviewNames.HeadShaAnnotation]);
        Assert.Equal("45m", ns.Metadata.Annotations[PreviewNames.IdleAfterAnnotation]);
        Assert.Equal(("150m", "384Mi"), (ns.Metadata.Annotations[PreviewNames.RequestsCpuAnnotation], ns.Metadata.Annotations[PreviewNames.RequestsMemoryAnnotation]));
        Assert.All(objects.OfType<V1Deployment>(), d => Assert.Equal("/health", d.Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet.Path));
    }

    [Fact]
    public void WorkloadsAndGuardsAreSeparateKustomizations()
    {
        var files = GoldenInputs.Overlay();
        var workloads = GeneratedObjects.Of(files.Where(f => !f.Path.Contains('/', StringComparison.Ordinal)));
        var guards = GeneratedObjects.Of(files.Where(f => f.Path.StartsWith(PreviewOverlayGenerator.NamespaceDirectory + "/", StringComparison.Ordinal)));
        Assert.Equal(["ConfigMap", "Deployment", "Service"], workloads.Select(o => o.Kind).Distinct().Order());
        Assert.Equal(["LimitRange", "Namespace", "NetworkPolicy", "ResourceQuota", "Role", "RoleBinding", "ServiceAccount"], guards.Select(o => o.Kind).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void NoSecretValueIsWritten(string set)
    {
        var objects = GeneratedObjects.Of(Files(set));
        Assert.DoesNotContain(objects, o => o is V1Secret);
        foreach (var env in objects.SelectMany(GeneratedObjects.Containers).SelectMany(c => c.Env ?? []))
        {
            if (env.Name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) || env.Name.StartsWith("Preview__Credentials", StringComparison.Ordinal))
            {
                Assert.True(env.ValueFrom?.SecretKeyRef is not null || env.Value?.StartsWith("$(", StringComparison.Ordinal) == true, env.Name);
            }

            Assert.DoesNotMatch("[Pp]assword=(?!\\$\\()", env.Value ?? string.Empty);
        }
    }
}
