using OpenQA.Selenium.Chrome;

namespace PreviewAspire.EndToEndTests;

/// <summary>
/// Headless Chromium driven through chromedriver, both from the machine (Debian: <c>apt-get install chromium
/// chromium-driver</c>), or from <c>PREVIEW_CHROMIUM</c> and <c>PREVIEW_CHROMEDRIVER</c>. Nothing is downloaded.
/// </summary>
internal static class Browser
{
    /// <summary>Set to 1 where a missing browser must fail the suite (CI) instead of skipping the browser tests.</summary>
    public const string RequireVariable = "PREVIEW_E2E_REQUIRE_BROWSER";

    public static string ChromiumPath => Environment.GetEnvironmentVariable("PREVIEW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string DriverPath => Environment.GetEnvironmentVariable("PREVIEW_CHROMEDRIVER") is { Length: > 0 } path ? path : "/usr/bin/chromedriver";

    /// <summary>Why the browser cannot run, or null when it can.</summary>
    public static string? Missing => File.Exists(ChromiumPath) && File.Exists(DriverPath)
        ? null
        : $"No browser: {ChromiumPath} or {DriverPath} is missing (Debian: apt-get install chromium chromium-driver, or set PREVIEW_CHROMIUM and PREVIEW_CHROMEDRIVER).";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>A new headless browser; dispose it to close the browser and the driver.</summary>
    public static ChromeDriver Start()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // --no-sandbox: CI runners and containers run as root, where Chromium's sandbox cannot start.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1024");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
