namespace PreviewAspire.Provisioning;

/// <summary>
/// A PR's changed files could not be read from git. The message is one line saying what happened and what to do.
/// </summary>
public sealed class ChangedFilesException(string message, Exception? inner = null) : Exception(message, inner);
