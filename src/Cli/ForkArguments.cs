using PreviewAspire.Provisioning;

namespace PreviewAspire.Cli;

/// <summary>
/// What <c>up</c> says about what its PRs fork: <c>--fork a,b</c>, or <c>--changed-from &lt;ref&gt;</c> (read from git in
/// the current checkout), or neither. The host validates the service names and decides.
/// </summary>
internal sealed record ForkArguments(IReadOnlyList<string>? Fork, ChangedFiles? Changed)
{
    public static ForkArguments Read(IReadOnlyList<string> args)
    {
        var fork = Value(args, "--fork");
        var from = Value(args, "--changed-from");
        if (fork is not null && from is not null)
        {
            throw new CliException("--fork and --changed-from both decide what a PR forks; give one of them.", 2);
        }

        ChangedFiles? changed = null;
        if (from is not null && !ChangedFromOption.TryRead(from, Directory.GetCurrentDirectory(), out changed, out var error))
        {
            throw new CliException(error, 2);
        }

        return new ForkArguments(fork?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), changed);
    }

    private static string? Value(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }

            if (args[i] == name)
            {
                return i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[i + 1]
                    : throw new CliException($"{name} needs a value.", 2);
            }
        }

        return null;
    }
}
