namespace PreviewAspire.Cli;

/// <summary>A user-facing failure: printed as one line, exit code <see cref="ExitCode"/>, nothing changed.</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
