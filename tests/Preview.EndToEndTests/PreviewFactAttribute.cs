namespace PreviewAspire.EndToEndTests;

/// <summary>A test against a running preview: skipped, saying how to run it, when the preview's URLs are not set.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PreviewFactAttribute : FactAttribute
{
    /// <summary>Skips unless <c>PREVIEW_FRONTEND_URL</c> and <c>PREVIEW_API_URL</c> are set.</summary>
    public PreviewFactAttribute()
    {
        if (PreviewTarget.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
