using PreviewAspire.Hosting;

namespace PreviewAspire.UnitTests.Forks;

/// <summary>The sample application's services: the API and the worker share every data surface, the frontend has none.</summary>
internal static class SampleServices
{
    /// <summary>The services, with their projects where the real layout has them under <paramref name="root"/>.</summary>
    public static IReadOnlyList<PreviewServiceInfo> Under(string root) =>
    [
        new("api", Path.Combine(root, "src/Api/Api.csproj"), ["postgres", "redis", "rabbitmq"]),
        new("worker", Path.Combine(root, "src/Worker/Worker.csproj"), ["postgres", "redis", "rabbitmq"]),
        new("frontend", Path.Combine(root, "src/Frontend/Frontend.csproj"), []),
    ];
}
