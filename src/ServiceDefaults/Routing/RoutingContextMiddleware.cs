using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// Enters the routing context an incoming request carries in its <c>baggage</c> header for the whole request, before any
/// of the application's middleware: registered as a startup filter, so the application adds nothing.
/// </summary>
internal sealed class RoutingContextStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(static async (context, nextMiddleware) =>
        {
            var baggage = context.Request.Headers[Naming.PreviewRoutingContext.BaggageHeader];
            if (baggage.Count == 0)
            {
                await nextMiddleware(context).ConfigureAwait(false);
                return;
            }

            using (RoutingScope.EnterFromBaggage(baggage.ToString()))
            {
                await nextMiddleware(context).ConfigureAwait(false);
            }
        });
        next(app);
    };
}
