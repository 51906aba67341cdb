using PreviewAspire.Cli;
using PreviewAspire.Provisioning;
using Spectre.Console;

// preview <up|down|list|gc> — manages local previews on the engines in the state directory.
var arguments = args.ToList();
string? stateDirectory = null;
var stateIndex = arguments.IndexOf("--state-dir");
if (stateIndex >= 0)
{
    if (stateIndex + 1 >= arguments.Count)
    {
        Console.Error.WriteLine("--state-dir needs a path.");
        return 2;
    }

    stateDirectory = arguments[stateIndex + 1];
    arguments.RemoveRange(stateIndex, 2);
}

using var cancellation = new CancellationTokenSource();
// Ctrl+C and SIGTERM end the command gracefully: 'up' releases its PRs before exiting.
using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
try
{
    var verb = arguments.FirstOrDefault();
    var rest = arguments.Skip(1).ToList();
    return verb switch
    {
        "up" => await Commands.UpAsync(Workspace.Locate(stateDirectory), rest, cancellation.Token),
        "down" => await Commands.DownAsync(Workspace.Locate(stateDirectory), rest, cancellation.Token),
        "list" => await Commands.ListAsync(Workspace.Locate(stateDirectory), cancellation.Token),
        "gc" => await Commands.GcAsync(Workspace.Locate(stateDirectory), rest, cancellation.Token),
        null or "help" or "--help" or "-h" => Help(0),
        _ => Help(2, $"Unknown command '{verb}'."),
    };
}
catch (CliException ex)
{
    (ex.ExitCode == 0 ? Console.Out : Console.Error).WriteLine(ex.Message);
    return ex.ExitCode;
}
catch (ProvisioningException ex)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");
    return 1;
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]preview {arguments.FirstOrDefault()} failed: {ex.Message}[/]");
    return 1;
}

void Stop(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}

static int Help(int exitCode, string? problem = null)
{
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
    }

    (exitCode == 0 ? Console.Out : Console.Error).WriteLine(Commands.Usage);
    return exitCode;
}
