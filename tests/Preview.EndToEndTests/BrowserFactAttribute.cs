namespace PreviewAspire.EndToEndTests;

/// <summary>
/// A browser test against a running preview: skipped without the preview's URLs, and without a browser unless
/// <c>PREVIEW_E2E_REQUIRE_BROWSER=1</c> (then the missing browser fails the test).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Decides whether the test can run here.</summary>
    public BrowserFactAttribute()
    {
        if ((PreviewTarget.Missing ?? (Browser.Required ? null : Browser.Missing)) is { } reason)
        {
            Skip = reason;
        }
    }
}
