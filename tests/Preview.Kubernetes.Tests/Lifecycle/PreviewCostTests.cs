using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Kubernetes.Tests.Lifecycle;

/// <summary>Cost from requests, awake time and configured prices.</summary>
public sealed class PreviewCostTests
{
    private static readonly PreviewPrices Prices = PreviewPrices.Parse("0.04", "0.005", "USD");

    [Theory]
    [InlineData("150m", "384Mi", 0.15, 0.375)]
    [InlineData("1", "1Gi", 1, 1)]
    [InlineData("2.5", "512M", 2.5, 0.476837158203125)]
    [InlineData("0", "1073741824", 0, 1)]
    public void ParsesKubernetesQuantities(string cpu, string memory, double vcpu, double gib)
    {
        var requests = ResourceRequests.Parse(cpu, memory);
        Assert.Equal((decimal)vcpu, requests.Vcpu);
        Assert.Equal((decimal)gib, requests.MemoryGib);
    }

    [Theory]
    [InlineData("lots", "1Gi")]
    [InlineData("1", "-1Gi")]
    [InlineData("1", "1 Gi")]
    public void RejectsWhatIsNotAQuantity(string cpu, string memory) =>
        Assert.Throws<FormatException>(() => ResourceRequests.Parse(cpu, memory));

    [Fact]
    public void CostIsRequestsTimesPricesTimesAwakeHours()
    {
        var cost = new PreviewCost(ResourceRequests.Parse("150m", "384Mi"), TimeSpan.FromHours(10), Prices);
        Assert.Equal(0.15m * 0.04m + 0.375m * 0.005m, cost.PerHour); // 0.007875
        Assert.Equal(0.07875m, cost.Total);
        Assert.Equal("0.08 USD for 10h 00m awake (0.0079 USD per awake hour: 150m vCPU, 384Mi requested)", cost.ToString());
    }

    [Fact]
    public void OnlyAwakeTimeCosts()
    {
        var lifetime = PreviewLifetime.FromAnnotations(new Dictionary<string, string>
        {
            [PreviewNames.RequestsCpuAnnotation] = "1",
            [PreviewNames.RequestsMemoryAnnotation] = "2Gi",
            [PreviewNames.AwakeSecondsAnnotation] = "7200",
            [PreviewNames.AsleepSinceAnnotation] = "2025-01-31T12:00:00Z",
        });
        // Asleep for two days: still the two awake hours recorded before it slept.
        var cost = lifetime.CostAt(new DateTimeOffset(2025, 2, 2, 12, 0, 0, TimeSpan.Zero), Prices);
        Assert.Equal(TimeSpan.FromHours(2), cost.Awake);
        Assert.Equal(2m * (0.04m + 2m * 0.005m), cost.Total);
    }

    [Fact]
    public void PricesMustBeNonNegativeNumbers()
    {
        Assert.Throws<FormatException>(() => PreviewPrices.Parse("-1", "0", "USD"));
        Assert.Throws<FormatException>(() => PreviewPrices.Parse("0,04", "0", "USD"));
        Assert.Equal("USD", PreviewPrices.Parse("0", "0", " ").Currency);
    }

    [Theory]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("36h", 36 * 60)]
    [InlineData("90m", 90)]
    public void DurationsRoundTrip(string text, int minutes)
    {
        Assert.True(PreviewDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
        Assert.Equal(text, PreviewDuration.Format(duration));
    }

    [Theory]
    [InlineData("0d")]
    [InlineData("7 d")]
    [InlineData("1w")]
    [InlineData("")]
    public void BadDurationsAreRejected(string text) => Assert.False(PreviewDuration.TryParse(text, out _));
}
