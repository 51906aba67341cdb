namespace PreviewAspire.Api;

/// <summary>Wakes the <see cref="OutboxRelay"/> as soon as an order is stored, so it need not wait for its next poll.</summary>
internal sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim pending = new(0, 1);

    /// <summary>Tells the relay there is something to publish.</summary>
    public void Notify()
    {
        try
        {
            pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the relay drains everything that is waiting.
        }
    }

    /// <summary>Waits for <see cref="Notify"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => pending.WaitAsync(timeout, cancellationToken);

    public void Dispose() => pending.Dispose();
}
