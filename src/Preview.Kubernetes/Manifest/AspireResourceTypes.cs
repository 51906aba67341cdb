namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>The Aspire manifest resource types the generators understand.</summary>
public static class AspireResourceTypes
{
    /// <summary>A .NET project, built into an image by CI.</summary>
    public const string Project = "project.v0";

    /// <summary>A container with a published image.</summary>
    public const string Container = "container.v0";

    /// <summary>A deploy-time input, secret or not.</summary>
    public const string Parameter = "parameter.v0";

    /// <summary>A resource that only carries a connection string.</summary>
    public const string Value = "value.v0";

    /// <summary>A string with a filter applied, for example URI encoding.</summary>
    public const string AnnotatedString = "annotated.string";
}
