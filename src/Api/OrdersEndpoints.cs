using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PreviewAspire.Orders;

namespace PreviewAspire.Api;

/// <summary>The <c>/orders</c> endpoints.</summary>
internal static class OrdersEndpoints
{
    /// <summary>Maps <c>GET /orders</c>, <c>GET /orders/{id}</c> and <c>POST /orders</c>.</summary>
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders");
        orders.MapGet(string.Empty, ListAsync);
        orders.MapGet("/{id:long}", GetAsync);
        orders.MapPost(string.Empty, CreateAsync);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Order>>> ListAsync(
        OrderRepository repository, OrdersCache cache, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.GetOrLoadAllAsync(repository.ListAsync, cancellationToken));

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> GetAsync(
        long id, OrderRepository repository, OrdersCache cache, CancellationToken cancellationToken)
    {
        var order = await cache.GetOrLoadAsync(id, token => repository.GetAsync(id, token), cancellationToken);
        return order is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: $"There is no order with id {id}.")
            : TypedResults.Ok(order);
    }

    private static async Task<Results<Created<Order>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        OrderRepository repository,
        OrdersCache cache,
        OrderCreatedPublisher publisher,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Expected a JSON body (Content-Type: application/json).");
        }

        CreateOrderRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CreateOrderRequest>(request.Body, OrdersJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["body"] = ["The body must be a JSON object {customer, item, quantity} with text customer and item and a whole-number quantity."],
            });
        }

        body ??= new CreateOrderRequest(null, null, null);
        var errors = body.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var order = await repository.InsertAsync(body.Customer!.Trim(), body.Item!.Trim(), body.Quantity!.Value, cancellationToken);
        await cache.InvalidateAsync();

        // The order is committed: publishing must not be abandoned because the client went away.
        using var publishTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await publisher.PublishAsync(new OrderCreated(order.Id), publishTimeout.Token);

        return TypedResults.Created($"/orders/{order.Id}", order);
    }
}
