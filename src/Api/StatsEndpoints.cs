using Microsoft.AspNetCore.Http.HttpResults;
using PreviewAspire.Orders;
using StackExchange.Redis;

namespace PreviewAspire.Api;

/// <summary>The <c>/stats</c> endpoint.</summary>
internal static class StatsEndpoints
{
    /// <summary>
    /// Maps <c>GET /stats</c>: <c>{"processed": n}</c>, the number of orders the worker has processed, kept in Redis;
    /// 503 while Redis is unreachable.
    /// </summary>
    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats", GetAsync);
        return app;
    }

    private static async Task<Results<Ok<OrderStats>, ProblemHttpResult>> GetAsync(OrdersCache cache)
    {
        try
        {
            return TypedResults.Ok(new OrderStats(await cache.GetProcessedCountAsync()));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Statistics are unavailable",
                detail: "The statistics store (Redis) cannot be reached; try again shortly.");
        }
    }

    /// <summary>The body of <c>GET /stats</c>.</summary>
    /// <param name="Processed">How many orders the worker has processed in this preview.</param>
    internal sealed record OrderStats(long Processed);
}
