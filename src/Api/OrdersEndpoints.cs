using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PreviewAspire.Orders;

namespace PreviewAspire.Api;

/// <summary>The <c>/orders</c> endpoints.</summary>
internal static class OrdersEndpoints
{
    /// <summary>
    /// Maps <c>GET /orders</c>, <c>GET /orders/{id}</c> and <c>POST /orders</c>. A POST may carry an
    /// <c>Idempotency-Key</c>: repeating it returns the order it created instead of creating another.
    /// </summary>
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
        HttpResponse response,
        OrderRepository repository,
        OrdersCache cache,
        OutboxSignal outbox,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Expected a JSON body (Content-Type: application/json).");
        }

        if (!IdempotencyKey.TryRead(request, out var idempotencyKey, out var keyError))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKey.Header] = [keyError] });
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

        // The order and its message are stored together; the outbox relay publishes the message whenever the broker
        // takes it, so the client's answer does not depend on the broker.
        var (customer, item, quantity) = (body.Customer!.Trim(), body.Item!.Trim(), body.Quantity!.Value);
        var (order, created) = await repository.CreateAsync(customer, item, quantity, idempotencyKey, cancellationToken);
        if (created)
        {
            outbox.Notify();
            await cache.InvalidateAsync();
        }
        else if ((order.Customer, order.Item, order.Quantity) != (customer, item, quantity))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency key reused",
                detail: $"The {IdempotencyKey.Header} '{idempotencyKey}' was already used for a different order (id {order.Id}); send a new key for a new order.");
        }
        else
        {
            response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        }

        return TypedResults.Created($"/orders/{order.Id}", order);
    }
}
