namespace PreviewAspire.Provisioning;

/// <summary>
/// Liveness of the local processes that own pieces of a state directory (route files, standby requests, the AppHost
/// that was joined): a piece whose process is gone is stale.
/// </summary>
public static class LocalProcess
{
    /// <summary>True while process <paramref name="pid"/> exists.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
