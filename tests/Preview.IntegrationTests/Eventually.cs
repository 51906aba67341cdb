namespace PreviewAspire.IntegrationTests;

/// <summary>Polls an asynchronous condition until it holds, for effects of background work such as the worker.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Timed out waiting for {what ?? "condition"}; last value: {last}");
        return last;
    }
}
