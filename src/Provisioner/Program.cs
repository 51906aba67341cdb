using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using PreviewAspire.Provisioner;
using PreviewAspire.Provisioning;

// Run-to-completion: `provision` creates the PR's data surfaces on the shared engines, `teardown` removes them.
var verb = args.FirstOrDefault() ?? "provision";
if (verb is not ("provision" or "teardown"))
{
    Console.Error.WriteLine($"Unknown verb '{verb}'; expected 'provision' or 'teardown'.");
    return 2;
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args.Skip(1).ToArray()).Build();
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(10));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
try
{
    var settings = ProvisionerSettings.Read(configuration, needCredentials: verb == "provision");
    using var provisioner = new PreviewProvisioner(settings.Engines, new OrdersSchema(), limits: settings.Limits);
    var stopwatch = Stopwatch.StartNew();
    if (verb == "provision")
    {
        await provisioner.ProvisionAsync(settings.PullRequest, settings.Credentials!, cancellation.Token);
    }
    else
    {
        await provisioner.TeardownAsync(settings.PullRequest, cancellation.Token);
    }

    Console.WriteLine($"{verb}: PR {settings.PullRequest} done in {stopwatch.ElapsedMilliseconds} ms");
    return 0;
}
catch (ProvisioningException ex)
{
    Console.Error.WriteLine($"{verb} failed: {ex.Message}");
    return 1;
}
