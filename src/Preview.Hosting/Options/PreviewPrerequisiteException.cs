namespace PreviewAspire.Hosting;

/// <summary>
/// Something the machine lacks or has in the way (a missing server binary, a port in use, a locked state directory).
/// The message says what happened and what to do about it.
/// </summary>
public sealed class PreviewPrerequisiteException(string message) : Exception(message);
