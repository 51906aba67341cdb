using System.Globalization;

namespace PreviewAspire.Lifecycle;

/// <summary>What a preview asks the cluster for while it is awake: CPU in vCPU and memory in GiB (2^30 bytes).</summary>
/// <param name="Vcpu">Requested CPU, in vCPU (cores).</param>
/// <param name="MemoryGib">Requested memory, in GiB.</param>
public sealed record ResourceRequests(decimal Vcpu, decimal MemoryGib)
{
    /// <summary>Nothing requested.</summary>
    public static ResourceRequests None { get; } = new(0m, 0m);

    /// <summary>The sum of two sets of requests.</summary>
    public static ResourceRequests operator +(ResourceRequests left, ResourceRequests right) =>
        new(left.Vcpu + right.Vcpu, left.MemoryGib + right.MemoryGib);

    /// <summary>
    /// Reads Kubernetes quantities: CPU as cores or millicores (<c>1</c>, <c>150m</c>), memory with a binary or decimal
    /// suffix or in bytes (<c>384Mi</c>, <c>1Gi</c>, <c>500M</c>, <c>1048576</c>).
    /// </summary>
    public static ResourceRequests Parse(string cpu, string memory) => new(ParseCpu(cpu), ParseMemory(memory) / (1024m * 1024m * 1024m));

    /// <summary>CPU as Kubernetes writes it: millicores below one core or when fractional (<c>150m</c>), cores otherwise.</summary>
    public string CpuQuantity => Vcpu == decimal.Truncate(Vcpu)
        ? Vcpu.ToString("0", CultureInfo.InvariantCulture)
        : (Vcpu * 1000m).ToString("0", CultureInfo.InvariantCulture) + "m";

    /// <summary>Memory in MiB as a Kubernetes quantity (<c>384Mi</c>).</summary>
    public string MemoryQuantity => (MemoryGib * 1024m).ToString("0", CultureInfo.InvariantCulture) + "Mi";

    private static decimal ParseCpu(string text) => text.EndsWith('m')
        ? Number(text[..^1], text) / 1000m
        : Number(text, text);

    private static decimal ParseMemory(string text)
    {
        (string Suffix, decimal Factor)[] units =
        [
            ("Ki", 1024m), ("Mi", 1024m * 1024m), ("Gi", 1024m * 1024m * 1024m), ("Ti", 1024m * 1024m * 1024m * 1024m),
            ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m),
        ];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return Number(text[..^suffix.Length], text) * factor;
            }
        }

        return Number(text, text);
    }

    private static decimal Number(string digits, string quantity) =>
        decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new FormatException($"'{quantity}' is not a Kubernetes quantity such as 150m, 1, 384Mi or 1Gi.");
}
