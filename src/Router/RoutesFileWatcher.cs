using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace PreviewAspire.Router;

/// <summary>
/// Loads <see cref="RouterOptions.RoutesFile"/> into the route table at start and again whenever the file changes, for
/// running the router standalone. A file that is missing, unreadable or invalid is logged and the table in force is kept.
/// </summary>
public sealed partial class RoutesFileWatcher(RouteTableDestinations routes, IOptions<RouterOptions> options, ILogger<RoutesFileWatcher> logger)
    : IHostedService, IDisposable
{
    private PhysicalFileProvider? _files;
    private IDisposable? _watch;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RoutesFile is not { Length: > 0 } configured)
        {
            return Task.CompletedTask;
        }

        var path = Path.GetFullPath(configured);
        _files = new PhysicalFileProvider(Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName);
        _watch = ChangeToken.OnChange(() => _files.Watch(Path.GetFileName(path)), () => Load(path));
        Load(path);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        _watch?.Dispose();
        _files?.Dispose();
    }

    private void Load(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(path, ex.Message);
            return;
        }

        if (RouteTableJson.TryRead(json, out var table, out var error) && routes.TryReplace(table, out error))
        {
            LogLoaded(path, table.Previews.Count);
        }
        else
        {
            LogInvalid(path, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Routes file {Path} loaded: {Count} previews.")]
    private partial void LogLoaded(string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routes file {Path} cannot be read ({Reason}); the route table in force is kept.")]
    private partial void LogUnreadable(string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routes file {Path} is ignored: {Reason} The route table in force is kept.")]
    private partial void LogInvalid(string path, string reason);
}
