using k8s.Models;

namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>An environment variable filled from a key of a Kubernetes Secret that CI creates; the value never appears in a file.</summary>
/// <param name="Variable">The environment variable name, referenced by other values as <c>$(Variable)</c>.</param>
/// <param name="Secret">The Secret's name.</param>
/// <param name="Key">The key inside the Secret.</param>
public sealed record SecretReference(string Variable, string Secret, string Key)
{
    /// <summary>The container environment entry.</summary>
    public V1EnvVar ToEnvVar() => new()
    {
        Name = Variable,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = Secret, Key = Key } },
    };
}
