namespace PreviewAspire.Hosting;

/// <summary>
/// A mistake in what the user asked for (arguments or configuration). The message is one line saying what is
/// wrong and what is accepted; the AppHost prints it and exits non-zero before creating anything.
/// </summary>
public sealed class PreviewUsageException(string message) : Exception(message);
