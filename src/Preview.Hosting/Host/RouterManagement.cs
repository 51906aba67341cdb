using System.Net.Http.Headers;
using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>Requests to the router's management endpoint (<c>PUT /routes</c>, <c>GET /activity</c>), with its control token.</summary>
internal static class RouterManagement
{
    /// <summary>A request for <paramref name="path"/>, or null while the router's management endpoint has no address yet.</summary>
    public static HttpRequestMessage? Request(ProjectResource router, string controlToken, HttpMethod method, string path)
    {
        var endpoint = router.GetEndpoint("management");
        if (!endpoint.IsAllocated)
        {
            return null;
        }

        var request = new HttpRequestMessage(method, new Uri(new Uri(endpoint.Url), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", controlToken);
        return request;
    }
}
