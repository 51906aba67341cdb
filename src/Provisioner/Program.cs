using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PreviewAspire.Provisioner;
using PreviewAspire.Provisioning;

// Run-to-completion: `provision` creates the PR's data surfaces on the shared engines, `teardown` removes them and prints
// a receipt read back from the engines, `inventory` lists every PR that holds anything on them.
var verb = args.FirstOrDefault() ?? "provision";
if (verb is not ("provision" or "teardown" or "inventory"))
{
    Console.Error.WriteLine($"Unknown verb '{verb}'; expected 'provision', 'teardown' or 'inventory'.");
    return 2;
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args.Skip(1).ToArray()).Build();
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(10));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
try
{
    var stopwatch = Stopwatch.StartNew();
    if (verb == "inventory")
    {
        using var surfaces = new EngineSurfaces(ProvisionerSettings.ReadEngines(configuration));
        var found = await surfaces.ListAsync(cancellation.Token);
        Console.WriteLine(InventoryMarker + JsonSerializer.Serialize(found.Select(s => new { pullRequest = s.PullRequest.Value, kind = s.Kind, name = s.Name })));
        return 0;
    }

    var settings = ProvisionerSettings.Read(configuration, needCredentials: verb == "provision");
    using var provisioner = new PreviewProvisioner(settings.Engines, new OrdersSchema(), limits: settings.Limits);
    if (verb == "provision")
    {
        await provisioner.ProvisionAsync(settings.Preview, settings.Credentials!, cancellation.Token);
        Console.WriteLine($"{verb}: {(settings.Preview.IsBaseline ? "the baseline" : $"PR {settings.Preview.Id}")} done in {stopwatch.ElapsedMilliseconds} ms");
        return 0;
    }

    using var engineSurfaces = new EngineSurfaces(settings.Engines);
    var before = await engineSurfaces.ListAsync(settings.PullRequest, cancellation.Token);
    await provisioner.TeardownAsync(settings.PullRequest, cancellation.Token);
    var receipt = TeardownReceipt.Compare(settings.PullRequest, before, await engineSurfaces.ListAsync(settings.PullRequest, cancellation.Token));
    Console.WriteLine(receipt.ToLogLine());
    Console.WriteLine($"{verb}: PR {settings.PullRequest} {(receipt.Confirmed ? "done" : "INCOMPLETE")} in {stopwatch.ElapsedMilliseconds} ms");
    return receipt.Confirmed ? 0 : 1;
}
catch (ProvisioningException ex)
{
    Console.Error.WriteLine($"{verb} failed: {ex.Message}");
    return 1;
}

/// <summary>Entry point constants.</summary>
internal static partial class Program
{
    /// <summary>The prefix of the inventory's log line.</summary>
    public const string InventoryMarker = "preview-aspire-inventory: ";
}
