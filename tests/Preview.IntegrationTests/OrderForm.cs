using System.Net;
using System.Text.RegularExpressions;

namespace PreviewAspire.IntegrationTests;

/// <summary>The frontend's order form, driven over HTTP through the router as a browser would: page, antiforgery token and cookie, post.</summary>
internal static partial class OrderForm
{
    /// <summary>
    /// Places an order through the form on <paramref name="frontendHost"/>; returns the page the browser ends on (the
    /// router's client follows the post-redirect-get), which confirms the order or shows the API's errors.
    /// </summary>
    public static async Task<string> PlaceAsync(PreviewStackFixture stack, string frontendHost, string customer, string item = "Widget", int quantity = 1)
    {
        using var page = await stack.SendAsync(frontendHost, HttpMethod.Get, "/");
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {frontendHost}'s page.");
        var cookies = string.Join("; ", page.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : []);

        var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Form.Customer"] = customer,
                ["Form.Item"] = item,
                ["Form.Quantity"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Host = frontendHost;
        request.Headers.Add("Cookie", cookies);
        using var posted = await stack.Router.SendAsync(request);
        posted.EnsureSuccessStatusCode();
        return await posted.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
