namespace PreviewAspire.Router;

/// <summary>One surface of one preview, resolved: where to forward and whose activity a request counts toward.</summary>
/// <param name="Prefix">The destination base URL as the forwarder takes it (for example <c>http://127.0.0.1:41001/</c>).</param>
/// <param name="Activity">The preview's activity cell, shared by its surfaces.</param>
/// <param name="Sleeping">The preview sleeps: requests are recorded and answered with the wake-up page, not forwarded.</param>
public sealed record PreviewDestination(string Prefix, ActivityCell Activity, bool Sleeping = false);
