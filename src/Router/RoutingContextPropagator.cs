using System.Diagnostics;
using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>
/// The forwarding client's trace propagator: as YARP's <c>ReverseProxyPropagator</c> it replaces the caller's trace
/// context with the router's span when there is one, but it never writes baggage. Baggage on the router's span comes
/// from the caller's <c>baggage</c> header, so injecting it would bring back the routing context the router removed;
/// the routing context is <see cref="ForwardedHeadersTransformer"/>'s alone. Without an Activity (the router's default,
/// see <see cref="RouterApp"/>) the handler does not call it at all.
/// </summary>
public sealed class RoutingContextPropagator(DistributedContextPropagator inner) : DistributedContextPropagator
{
    private readonly string[] _traceFields = [.. inner.Fields.Where(field => !CarriesBaggage(field))];

    /// <inheritdoc />
    public override IReadOnlyCollection<string> Fields => inner.Fields;

    /// <inheritdoc />
    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (carrier is HttpRequestMessage message)
        {
            foreach (var field in _traceFields)
            {
                message.Headers.Remove(field);
            }
        }

        if (setter is not null)
        {
            inner.Inject(activity, carrier, (target, name, value) =>
            {
                if (!CarriesBaggage(name))
                {
                    setter(target, name, value);
                }
            });
        }
    }

    /// <inheritdoc />
    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState) =>
        inner.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        inner.ExtractBaggage(carrier, getter);

    // W3C "baggage", and the legacy propagator's "Correlation-Context".
    private static bool CarriesBaggage(string field) =>
        field.Equals(PreviewRoutingContext.BaggageHeader, StringComparison.OrdinalIgnoreCase) ||
        field.Equals("Correlation-Context", StringComparison.OrdinalIgnoreCase);
}
