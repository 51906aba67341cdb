namespace PreviewAspire.Hosting;

/// <summary>Recognises a publish invocation before the Aspire builder exists.</summary>
public static class PublishArguments
{
    /// <summary>True when <paramref name="args"/> ask for publishing (a manifest) rather than running.</summary>
    public static bool IsPublish(IReadOnlyList<string> args) =>
        args.Any(a => a is "--publisher" || a.StartsWith("--publisher=", StringComparison.Ordinal) || a is "publish");
}
