using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>
/// A service of the model as the fork decision sees it: its resource name, the project it is built from and the data
/// surfaces it uses.
/// </summary>
/// <param name="Name">The service's name in the model, such as <c>api</c>, <c>worker</c> or <c>frontend</c>.</param>
/// <param name="ProjectPath">The absolute path of the service's <c>.csproj</c>.</param>
/// <param name="DataSurfaces">
/// The names of the data surfaces the service uses, such as <c>postgres</c>, <c>redis</c> or <c>rabbitmq</c>. Any strings:
/// two services that list the same string (compared ordinally) share that surface, and so fork together.
/// </param>
public sealed record PreviewServiceInfo(string Name, string ProjectPath, IReadOnlyList<string> DataSurfaces)
{
    /// <summary>The fork decision's view of <paramref name="preview"/>'s services: their projects and the data they use.</summary>
    public static IReadOnlyList<PreviewServiceInfo> Of(PreviewResource preview) =>
    [
        .. preview.Services.Select(s => new PreviewServiceInfo(
            s.Key,
            s.Value.GetProjectMetadata().ProjectPath,
            [.. s.Value.Annotations.OfType<PreviewDataAnnotation>().Select(a => a.Surface).Distinct(StringComparer.Ordinal)])),
    ];
}
