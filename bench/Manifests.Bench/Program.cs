using System.Diagnostics;
using System.Globalization;
using PreviewAspire.Kubernetes;
using PreviewAspire.Manifests.Bench;
using PreviewAspire.Naming;

// Times manifest generation for 1 PR and for 100 PRs: end to end through the AppHost (as CI runs it), and the overlay
// generation alone. Build first: dotnet build PreviewAspire.sln; run: dotnet run -c Release --project bench/Manifests.Bench.
const int EndToEndRuns = 3;
const int GenerationRuns = 20;
var root = FindRoot();
var work = Directory.CreateTempSubdirectory("manifests-bench-").FullName;
try
{
    int[] one = [1];
    int[] hundred = [.. Enumerable.Range(1, 100)];

    var e2eOne = Median(Enumerable.Range(0, EndToEndRuns).Select(i => AppHostRun.Generate(root, one, Path.Combine(work, $"one-{i}"))));
    var e2eHundred = Median(Enumerable.Range(0, EndToEndRuns).Select(i => AppHostRun.Generate(root, hundred, Path.Combine(work, $"hundred-{i}"))));

    var options = new KubernetesGenerationOptions
    {
        CreatedAt = new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero),
        Images = ContainerImages.Create(null, null, AppHostRun.BenchDigests),
    };
    var manifestOne = File.ReadAllText(Path.Combine(work, "one-0", ManifestSetGenerator.AspireManifestFile));
    var manifestHundred = File.ReadAllText(Path.Combine(work, "hundred-0", ManifestSetGenerator.AspireManifestFile));
    var idsOne = one.Select(PullRequestId.From).ToArray();
    var idsHundred = hundred.Select(PullRequestId.From).ToArray();
    ManifestSetGenerator.Generate(manifestHundred, idsHundred, options); // warm-up
    var genOne = Median(Enumerable.Range(0, GenerationRuns).Select(_ => Time(() => ManifestSetGenerator.Generate(manifestOne, idsOne, options))));
    var genHundred = Median(Enumerable.Range(0, GenerationRuns).Select(_ => Time(() => ManifestSetGenerator.Generate(manifestHundred, idsHundred, options))));
    var files = Directory.GetFiles(Path.Combine(work, "hundred-0"), "*.yaml", SearchOption.AllDirectories).Length;

    Console.WriteLine($"{"measure",-44}{"1 PR",12}{"100 PRs",12}{"ratio",8}");
    Row($"AppHost publish, end to end (median of {EndToEndRuns})", e2eOne, e2eHundred);
    Row($"overlay generation only (median of {GenerationRuns})", genOne, genHundred);
    Console.WriteLine($"100-PR run wrote {files} YAML files plus aspire-manifest.json ({Environment.ProcessorCount} CPUs, .NET {Environment.Version}).");
}
finally
{
    Directory.Delete(work, recursive: true);
}

static TimeSpan Time(Action action)
{
    var stopwatch = Stopwatch.StartNew();
    action();
    return stopwatch.Elapsed;
}

static TimeSpan Median(IEnumerable<TimeSpan> samples)
{
    var sorted = samples.Order().ToArray();
    return sorted[sorted.Length / 2];
}

static void Row(string label, TimeSpan one, TimeSpan hundred) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label,-44}{Format(one),12}{Format(hundred),12}{hundred / one,7:0.0}x"));

static string Format(TimeSpan t) => t.TotalSeconds >= 1
    ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.00} s")
    : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.0} ms");

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "PreviewAspire.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the bench from inside the repository.");
}
