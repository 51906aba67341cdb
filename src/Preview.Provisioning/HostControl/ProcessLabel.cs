namespace PreviewAspire.Provisioning;

/// <summary>How a process names itself in the host's messages: its program's file name and pid, <c>preview.dll (pid 4242)</c>.</summary>
public static class ProcessLabel
{
    /// <summary>This process's label.</summary>
    public static string Current { get; } =
        $"{Path.GetFileName(Environment.GetCommandLineArgs().FirstOrDefault() ?? "a process")} (pid {Environment.ProcessId})";
}
