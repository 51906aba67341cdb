namespace PreviewAspire.Router;

/// <summary>
/// Runs socket and Kestrel continuations on the socket event threads instead of handing each one to the thread pool,
/// with one event thread per two cores. Per proxied request that saves about four thread hand-offs (context switches),
/// which on a small machine cost more than the forwarding itself; one event thread on two cores spends 15–25 % less
/// CPU per request than two (docs/benchmarks.md, "Router vs nginx"). It is safe only because nothing on the router's
/// request path blocks a thread.
/// </summary>
public static class InlineCompletions
{
    /// <summary>The runtime's switch, read once when the first socket is created.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The runtime's number of socket event threads (with inline completions its default is one per core).</summary>
    public const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>
    /// Turns inline completions on for this process, with one event thread per two cores, unless the environment already
    /// decides (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c> turns them off). Call before any socket exists.
    /// </summary>
    public static void PreferForThisProcess()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return;
        }

        Environment.SetEnvironmentVariable(Variable, "1");
        if (Environment.GetEnvironmentVariable(ThreadCountVariable) is null)
        {
            Environment.SetEnvironmentVariable(ThreadCountVariable, Math.Max(1, Environment.ProcessorCount / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>True when socket continuations run inline, so Kestrel should schedule its own inline too.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";
}
