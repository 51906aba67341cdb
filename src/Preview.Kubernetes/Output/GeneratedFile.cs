namespace PreviewAspire.Kubernetes.Output;

/// <summary>One generated file: its path relative to the output directory (forward slashes) and its UTF-8 text.</summary>
/// <param name="Path">The relative path, for example <c>api.yaml</c>.</param>
/// <param name="Content">The file's text; always ends with a newline.</param>
public sealed record GeneratedFile(string Path, string Content);
