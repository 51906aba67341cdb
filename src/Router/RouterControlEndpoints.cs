using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PreviewAspire.Router;

/// <summary>
/// The host's control path on the management port, behind <c>Authorization: Bearer &lt;Router:ControlToken&gt;</c>:
/// <c>PUT /routes</c> replaces the route table (local mode), <c>GET /routes</c> returns it, <c>GET /activity</c> reports
/// each preview's last request.
/// </summary>
public static class RouterControlEndpoints
{
    /// <summary>Maps the control endpoints, or nothing when <see cref="RouterOptions.ControlToken"/> is empty.</summary>
    public static IEndpointRouteBuilder MapRouterControl(this IEndpointRouteBuilder endpoints)
    {
        var token = endpoints.ServiceProvider.GetRequiredService<IOptions<RouterOptions>>().Value.ControlToken;
        if (string.IsNullOrEmpty(token))
        {
            return endpoints;
        }

        var control = endpoints.MapGroup("").AddEndpointFilter(new BearerTokenFilter(token));
        control.MapGet("/activity", (PreviewActivity activity) => Results.Json(activity.Report(), RouteTableJson.Default.ActivityReport));
        if (endpoints.ServiceProvider.GetRequiredService<IPreviewDestinations>() is RouteTableDestinations)
        {
            control.MapPut("/routes", ReplaceRoutesAsync);
            control.MapGet("/routes", (RouteTableDestinations routes) => routes.Current is { } table
                ? Results.Json(table, RouteTableJson.Default.RouteTable)
                : Results.Text("The router has no route table yet.\n", statusCode: StatusCodes.Status404NotFound));
        }

        return endpoints;
    }

    private static async Task<IResult> ReplaceRoutesAsync(HttpRequest request, RouteTableDestinations routes)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
        // Reading and compiling 10,000 previews takes about 50 ms: on the thread pool, so that the socket event thread
        // (which runs forwarding inline, see InlineCompletions) never waits for it.
        var error = await Task.Run(() =>
            RouteTableJson.TryRead(body.GetBuffer().AsSpan(0, (int)body.Length), out var table, out var reason) && routes.TryReplace(table, out reason)
                ? null
                : reason).ConfigureAwait(false);
        return error is null ? Results.NoContent() : Results.Text(error + "\n", statusCode: StatusCodes.Status400BadRequest);
    }

    private sealed class BearerTokenFilter(string token) : IEndpointFilter
    {
        private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + token);

        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var presented = Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers.Authorization.ToString());
            if (CryptographicOperations.FixedTimeEquals(presented, _expected))
            {
                return next(context);
            }

            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.Text("A valid Authorization: Bearer <Router:ControlToken> header is required.\n", statusCode: StatusCodes.Status401Unauthorized));
        }
    }
}
