using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

/// <summary>Ports handed to preview services long before they bind them must not be taken meanwhile.</summary>
public sealed class LoopbackPortTests
{
    [Fact]
    public void Ports_are_free_distinct_and_below_the_kernels_ephemeral_range()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var ports = Enumerable.Range(0, 50).Select(_ => LoopbackPort.Free()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 10000, ephemeralStart - 1));
        Assert.All(ports, port => Assert.True(LoopbackPort.IsFree(port)));
    }
}
