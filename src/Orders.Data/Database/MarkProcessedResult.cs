namespace PreviewAspire.Orders;

/// <summary>What <see cref="OrderRepository.MarkProcessedAsync"/> found.</summary>
public enum MarkProcessedResult
{
    /// <summary>No order has that id.</summary>
    NotFound,

    /// <summary>This call changed the order from pending to processed.</summary>
    Processed,

    /// <summary>The order was already processed; nothing changed.</summary>
    AlreadyProcessed,
}
