using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// Marks a preview service as using one of its preview's data surfaces (<c>postgres</c>, <c>redis</c>, <c>rabbitmq</c>):
/// services that share a surface fork together, and a PR that forks one gets its own data surfaces.
/// </summary>
/// <param name="Surface">The surface's engine name.</param>
public sealed record PreviewDataAnnotation(string Surface) : IResourceAnnotation;
