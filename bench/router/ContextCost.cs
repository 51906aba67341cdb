#:sdk Microsoft.NET.Sdk.Web
#:project ../../src/Router/Router.csproj
#:property Optimize=true
#:property PublishAot=false

// The router's per-request work for the routing context, in isolation: ForwardedHeadersTransformer (which the router
// runs on every forwarded request) for a baseline host (no context), a PR host (context set) and a PR host whose
// caller forged a baggage header (removed, then set), on a request with a browser's usual headers. Prints
// nanoseconds per request of each (minimum and median of 21 rounds of 100,000), and the differences. Run by bench/router.sh MODE=context:
//   dotnet run -c Release bench/router/ContextCost.cs
using System.Diagnostics;
using PreviewAspire.Naming;
using PreviewAspire.Router;

const int Iterations = 100_000;
const int Rounds = 21;
var variants = new (string Name, string? Baggage, string? Forged)[]
{
    ("main", null, null),
    ("pr", PreviewRoutingContext.Format(PullRequestId.From(1)), null),
    ("pr-forged", PreviewRoutingContext.Format(PullRequestId.From(1)), "preview.pr=7"),
};

var context = new DefaultHttpContext();
context.Request.Method = "GET";
context.Request.Scheme = "http";
context.Request.Host = new HostString("pr1.preview.localhost");
context.Request.Path = "/orders";
context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
var headers = context.Request.Headers;
headers.Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
headers.AcceptLanguage = "en-US,en;q=0.5";
headers.AcceptEncoding = "gzip, deflate, br";
headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
headers.Cookie = "session=0123456789abcdef";
headers["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

var samples = variants.ToDictionary(v => v.Name, _ => new List<double>());
for (var round = 0; round <= Rounds; round++)
{
    foreach (var (name, baggage, forged) in variants.Skip(round % variants.Length).Concat(variants.Take(round % variants.Length)))
    {
        var transformer = new PreviewDestination("http://127.0.0.1:1/", null, baggage).Transformer;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            // The transformer removes the caller's baggage from the incoming request: each request brings its own again
            // (what Kestrel would have parsed; setting it here counts toward pr-forged).
            if (forged is not null)
            {
                headers["baggage"] = forged;
            }

            using var request = new HttpRequestMessage();
            await transformer.TransformRequestAsync(context, request, "http://127.0.0.1:1/", CancellationToken.None);
        }

        if (round > 0)
        {
            // Round 0 warms up (tiered JIT).
            samples[name].Add(watch.Elapsed.TotalNanoseconds / Iterations);
        }
    }
}

// On a busy machine other processes inflate some rounds: the minimum is the undisturbed cost, the median the typical one.
double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
var (mainMin, mainMedian) = (samples["main"].Min(), Median(samples["main"]));
foreach (var (name, _, _) in variants)
{
    var (min, median) = (samples[name].Min(), Median(samples[name]));
    Console.WriteLine($"{name,-10} min {min,6:F0} ns (+{min - mainMin,4:F0} against main)   median {median,6:F0} ns (+{median - mainMedian,4:F0})");
}
