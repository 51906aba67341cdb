using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PreviewAspire.Kubernetes;
using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;
using PreviewAspire.Ops;

// preview-ops sweep   --namespaces ns.json --states states.txt --inventory inventory.json [--now T]
//   prints {"teardown":[{"pr":7,"reason":"…"}],"unknown":[…]} for the sweep's matrix and report.
// preview-ops comment --pr N --status ready|failed|removed|incomplete --domain D [--namespace ns.json] [--receipt r.json]
//                     [--reason R] [--head-sha S] [--run URL] [--now T]
//   prints the PR comment; prices come from PREVIEW_PRICE_VCPU_HOUR, PREVIEW_PRICE_GIB_HOUR and PREVIEW_CURRENCY.
// preview-ops check-workloads --pr N|main --file built.yaml
//   exits 1 listing every problem when a PR's built workloads may not be applied (see WorkloadOverlayCheck).
var verb = args.FirstOrDefault();
var options = new ConfigurationBuilder().AddCommandLine([.. args.Skip(1)]).Build();
var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
string Required(string key) => options[key] is { Length: > 0 } value ? value : throw new ArgumentException($"--{key} is required.");
string? Read(string key) => options[key] is { Length: > 0 } path ? File.ReadAllText(path) : null;
var now = options["now"] is { Length: > 0 } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : DateTimeOffset.UtcNow;
try
{
    switch (verb)
    {
        case "sweep":
            var namespaces = ClusterInputs.Namespaces(Read("namespaces") ?? throw new ArgumentException("--namespaces is required."));
            var plan = SweepPlanner.Plan(
                namespaces.ToDictionary(n => n.Key, n => n.Value.ExpiresAt),
                ClusterInputs.States(Read("states") ?? string.Empty),
                ClusterInputs.Inventory(Read("inventory") ?? "[]"),
                now);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                teardown = plan.TearDown.Select(d => new { pr = d.PullRequest.Value, reason = d.Reason }),
                unknown = plan.Unknown.Select(d => new { pr = d.PullRequest.Value, reason = d.Reason }),
                kept = plan.Decisions.Where(d => !d.TearDown).Select(d => new { pr = d.PullRequest.Value, reason = d.Reason }),
            }));
            return 0;

        case "comment":
            var pr = PullRequestId.Parse(Required("pr"));
            var receipt = Read("receipt") is { } receiptJson ? ClusterInputs.Receipt(receiptJson) : ([], []);
            var comment = new PreviewComment
            {
                PullRequest = pr,
                Status = Required("status") switch
                {
                    "ready" => PreviewStatus.Ready,
                    "failed" => PreviewStatus.Failed,
                    "removed" => PreviewStatus.Removed,
                    "incomplete" => PreviewStatus.TeardownIncomplete,
                    var other => throw new ArgumentException($"--status: '{other}' is not ready, failed, removed or incomplete."),
                },
                Domain = Required("domain"),
                Lifetime = Read("namespace") is { } namespaceJson ? ClusterInputs.Namespaces(namespaceJson).GetValueOrDefault(pr) : null,
                Prices = environment["PREVIEW_PRICE_VCPU_HOUR"] is { Length: > 0 } cpu && environment["PREVIEW_PRICE_GIB_HOUR"] is { Length: > 0 } memory
                    ? PreviewPrices.Parse(cpu, memory, environment["PREVIEW_CURRENCY"] ?? string.Empty)
                    : null,
                Reason = options["reason"],
                Removed = receipt.Item1,
                Remaining = receipt.Item2,
                HeadSha = options["head-sha"],
                RunUrl = options["run"],
            };
            Console.Write(comment.Render(now));
            return 0;

        case "check-workloads":
            var preview = PreviewNames.TryParseKey(Required("pr"), out var names, out var keyError) ? names : throw new ArgumentException($"--pr: {keyError}");
            var problems = WorkloadOverlayCheck.Problems(Read("file") ?? throw new ArgumentException("--file is required."), preview);
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"refused: {problem}");
            }

            return problems.Count == 0 ? 0 : 1;

        default:
            Console.Error.WriteLine("usage: preview-ops sweep|comment [options] (see the comment at the top of src/Preview.Ops/Program.cs)");
            return 2;
    }
}
catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or IOException or KeyNotFoundException or InvalidOperationException)
{
    Console.Error.WriteLine($"preview-ops {verb}: {ex.Message}");
    return 2;
}
