using System.Diagnostics;
using System.Text;

namespace PreviewAspire.Orders;

/// <summary>
/// The W3C trace context of the work that stored a message — <c>traceparent</c> and <c>baggage</c> — kept with it in the
/// outbox and sent as message headers, so the work that consumes it continues the same trace with the same baggage
/// (including a preview's routing context) however long the message waited.
/// </summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> of the storing activity, or null when there was none.</param>
/// <param name="Baggage">The W3C <c>baggage</c> of the storing activity, or null when it had none.</param>
public sealed record TraceContext(string? TraceParent, string? Baggage)
{
    /// <summary>The message header that carries <see cref="TraceParent"/>.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The message header that carries <see cref="Baggage"/>.</summary>
    public const string BaggageHeader = "baggage";

    /// <summary>No context.</summary>
    public static readonly TraceContext None = new(null, null);

    /// <summary>The context of <see cref="Activity.Current"/>.</summary>
    public static TraceContext Current()
    {
        if (Activity.Current is not { } activity)
        {
            return None;
        }

        var baggage = string.Join(',', activity.Baggage.Select(item => $"{Uri.EscapeDataString(item.Key)}={Uri.EscapeDataString(item.Value ?? string.Empty)}"));
        return new TraceContext(activity.IdFormat == ActivityIdFormat.W3C ? activity.Id : null, baggage.Length == 0 ? null : baggage);
    }

    /// <summary>Writes the context into message <paramref name="headers"/>.</summary>
    public void WriteTo(IDictionary<string, object?> headers)
    {
        if (TraceParent is not null)
        {
            headers[TraceParentHeader] = TraceParent;
        }

        if (Baggage is not null)
        {
            headers[BaggageHeader] = Baggage;
        }
    }

    /// <summary>Reads the context from message <paramref name="headers"/> (RabbitMQ delivers strings as bytes).</summary>
    public static TraceContext ReadFrom(IDictionary<string, object?>? headers) =>
        headers is null ? None : new TraceContext(Text(headers, TraceParentHeader), Text(headers, BaggageHeader));

    /// <summary>
    /// Starts an activity named <paramref name="operation"/> that continues this context: child of <see cref="TraceParent"/>,
    /// with <see cref="Baggage"/>. Started even when no tracing listens, so that the baggage reaches the work done in it.
    /// </summary>
    public Activity Continue(string operation)
    {
        var activity = new Activity(operation);
        if (TraceParent is not null)
        {
            activity.SetParentId(TraceParent);
        }

        foreach (var member in (Baggage ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = member.Split(';', 2)[0].Split('=', 2);
            if (pair.Length == 2)
            {
                activity.SetBaggage(Uri.UnescapeDataString(pair[0].Trim()), Uri.UnescapeDataString(pair[1].Trim()));
            }
        }

        return activity.Start();
    }

    private static string? Text(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value) ? value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => null,
    } : null;
}
