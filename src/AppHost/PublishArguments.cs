namespace PreviewAspire.AppHost;

/// <summary>Recognises a publish invocation before the Aspire builder exists.</summary>
internal static class PublishArguments
{
    public static bool IsPublish(IReadOnlyList<string> args) =>
        args.Any(a => a is "--publisher" || a.StartsWith("--publisher=", StringComparison.Ordinal) || a is "publish");
}
