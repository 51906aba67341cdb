using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace PreviewAspire.Router;

/// <summary>
/// Configuration from every <c>*.json</c> file in a directory, reloaded whenever a file there appears, changes or goes.
/// PRs added while the AppHost runs (in its standby slots, or by AppHosts that join it) have their service-discovery
/// entries published here, one file per PR.
/// </summary>
public sealed class RouteDirectoryConfigurationSource(string directory) : IConfigurationSource
{
    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(directory);

    private sealed class Provider : ConfigurationProvider, IDisposable
    {
        private readonly string _directory;
        private readonly PhysicalFileProvider _files;
        private readonly IDisposable _watch;

        public Provider(string directory)
        {
            _directory = Directory.CreateDirectory(directory).FullName;
            _files = new PhysicalFileProvider(_directory);
            _watch = ChangeToken.OnChange(() => _files.Watch("*.json"), () =>
            {
                Load();
                OnReload();
            });
        }

        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
            {
                try
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    foreach (var (key, value) in new ConfigurationBuilder().AddJsonStream(stream).Build().AsEnumerable())
                    {
                        if (value is not null)
                        {
                            data[key] = value;
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException)
                {
                    // Withdrawn between listing and reading, or not JSON: not a route.
                }
            }

            Data = data;
        }

        public void Dispose()
        {
            _watch.Dispose();
            _files.Dispose();
        }
    }
}
