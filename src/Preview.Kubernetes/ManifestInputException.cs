namespace PreviewAspire.Kubernetes;

/// <summary>
/// An input the generators cannot use: a malformed manifest or image reference, an unsupported expression, a bad option.
/// The message is one line saying what is wrong and what is accepted.
/// </summary>
public sealed class ManifestInputException(string message) : Exception(message);
