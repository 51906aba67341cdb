using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

public sealed class PreviewLeaseTests
{
    [Fact]
    public void A_detached_request_is_held_by_the_host_process_not_by_the_client_that_asked()
    {
        var lease = PreviewLease.For(new HostRequest(HostVerbs.Serve, ["9"], Detach: true, Client: "preview.dll (pid 4242)"));

        Assert.True(lease.Detached);
        Assert.Equal($"the preview host, {ProcessLabel.Current}", lease.Description);
        Assert.Contains($"(pid {Environment.ProcessId})", lease.Description);
        Assert.DoesNotContain("preview.dll", lease.Description);
    }

    [Fact]
    public void An_attached_request_is_held_by_the_client_whose_connection_keeps_it()
    {
        var lease = PreviewLease.For(new HostRequest(HostVerbs.Serve, ["9"], Client: "eng/run.sh (pid 4242)"));

        Assert.False(lease.Detached);
        Assert.Equal("eng/run.sh (pid 4242)", lease.Description);
    }

    [Fact]
    public void An_attached_request_that_does_not_say_who_asks_is_held_by_a_client_connection()
    {
        Assert.Equal("a client connection", PreviewLease.For(new HostRequest(HostVerbs.Serve, ["9"], Client: " ")).Description);
    }
}
