namespace PreviewAspire.Worker;

/// <summary>
/// How long the worker keeps trying one message before it dead-letters it (configuration section
/// <see cref="Section"/>). Delays double from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>; the defaults ride
/// out a 30-second outage of Postgres or Redis (0.5 + 1 + 2 + 4 + 8 + 8 + 8 + 8 s before giving up after 40 s).
/// </summary>
public sealed class ProcessingRetryOptions
{
    /// <summary>The configuration section, for example <c>Orders__Retry__GiveUpAfter=00:02:00</c>.</summary>
    public const string Section = "Orders:Retry";

    /// <summary>The delay after the first failure. Default 0.5 s.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between two tries. Default 8 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long after the first failure the message is given up and dead-lettered. Default 40 s.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>The delay before try <paramref name="failures"/> + 1.</summary>
    public TimeSpan DelayAfter(int failures) =>
        TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * Math.Pow(2, failures - 1), MaxDelay.Ticks));
}
