namespace PreviewAspire.Router;

/// <summary>
/// Where services reach each other, as <c>GET /mesh</c> on the router's management port answers it (local mode), built
/// from the route table: <c>{"version":N,"baseline":{"api":"http://127.0.0.1:41003/","frontend":"http://127.0.0.1:41000/"},
/// "forks":{"42":{"api":"http://127.0.0.1:41002/"}}}</c>. A call made in PR 42's routing context to a service listed under
/// <c>forks."42"</c> goes to that URL, any other call to the baseline's. Only loopback URLs of this machine's services:
/// no secret, so it is served without the control token.
/// </summary>
/// <param name="Version">
/// 0 until the first route table; then a new, larger number with every accepted table (tables count up from the router's
/// start time in Unix milliseconds, so a restarted router does not repeat a number a service has seen). Opaque otherwise:
/// a service passes it back as <c>GET /mesh?after=&lt;version&gt;</c> to wait for the next one.
/// </param>
/// <param name="Baseline">The baseline's HTTP services by service-discovery name (<see cref="BaselineRoute.Services"/>); empty when there is no baseline.</param>
/// <param name="Forks">
/// Per PR, the services it forks by service-discovery name (<see cref="PreviewRoute.Services"/>), sleeping previews
/// included; a PR that forks no HTTP service is not listed.
/// </param>
public sealed record ServiceMeshDocument(
    long Version,
    IReadOnlyDictionary<string, Uri> Baseline,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, Uri>> Forks);
