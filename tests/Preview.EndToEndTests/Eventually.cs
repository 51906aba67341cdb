namespace PreviewAspire.EndToEndTests;

/// <summary>Retries for things that become true: a preview waking up, the worker processing an order.</summary>
internal static class Eventually
{
    /// <summary>Retries <paramref name="send"/> until it answers with a success status (a waking preview answers 502/503 first).</summary>
    public static async Task<HttpResponseMessage> SucceedsAsync(Func<Task<HttpResponseMessage>> send, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var response = await send();
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Reads until <paramref name="condition"/> holds; fails with the last value after <paramref name="within"/>.</summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {value} after {within.TotalSeconds:0} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
