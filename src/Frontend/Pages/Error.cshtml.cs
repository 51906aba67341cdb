using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PreviewAspire.Frontend.Pages;

/// <summary>The page shown when a request fails, for example because the API is unreachable.</summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>The trace id to look the failure up by.</summary>
    public string? RequestId { get; private set; }

    /// <summary>Records the failing request's id.</summary>
    public void OnGet() => RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
}
