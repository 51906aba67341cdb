using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>Where an engine listens, as expressions that resolve at run time (an Aspire endpoint) or are known already (a running AppHost's engine).</summary>
/// <param name="Host">The host name or address.</param>
/// <param name="Port">The TCP port.</param>
public sealed record EngineAddress(ReferenceExpression Host, ReferenceExpression Port)
{
    /// <summary>The address of an endpoint this AppHost allocates.</summary>
    public static EngineAddress Of(EndpointReference endpoint) => new(
        ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Host)}"),
        ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Port)}"));

    /// <summary>A fixed address, for engines another AppHost runs.</summary>
    public static EngineAddress Fixed(string host, int port) => new(
        ReferenceExpression.Create($"{host}"),
        ReferenceExpression.Create($"{port.ToString(CultureInfo.InvariantCulture)}"));
}
