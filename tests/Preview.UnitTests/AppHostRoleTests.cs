using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

/// <summary>Whether an AppHost owns its state directory or joins the AppHost that does, and what it refuses.</summary>
public sealed class AppHostRoleTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(500);
    private readonly PreviewStateDirectory _state = PreviewStateDirectory.Resolve(Directory.CreateTempSubdirectory("preview-role-").FullName, "/").EnsureCreated();

    [Fact]
    public void The_first_apphost_owns_the_state_directory()
    {
        using var role = AppHostRole.Claim(_state, Options("--pr", "7"), Patience, _ => { });
        Assert.Null(role.Joined);
    }

    [Fact]
    public void A_second_apphost_joins_a_serving_one_with_another_pr()
    {
        using var owner = _state.AcquireLock();
        PublishRunning(router: new RouterAddress(8080, "preview.localhost"), pullRequests: [7]);

        using var role = AppHostRole.Claim(_state, Options("--pr", "9"), Patience, _ => { });

        Assert.NotNull(role.Joined);
        Assert.Equal(8080, role.Joined.Router!.Port);
    }

    [Fact]
    public void A_pr_the_running_apphost_serves_is_refused_with_its_url()
    {
        using var owner = _state.AcquireLock();
        PublishRunning(router: new RouterAddress(8080, "preview.localhost"), pullRequests: [7]);

        var error = Assert.Throws<PreviewPrerequisiteException>(() => AppHostRole.Claim(_state, Options("--pr", "9", "--pr", "7"), Patience, _ => { }));

        Assert.Contains("PR 7 already runs", error.Message);
        Assert.Contains("http://pr7.preview.localhost:8080/", error.Message);
    }

    [Fact]
    public void Two_apphosts_joining_with_the_same_new_pr_cannot_both_serve_it()
    {
        using var owner = _state.AcquireLock();
        PublishRunning(router: new RouterAddress(8080, "preview.localhost"), pullRequests: [7]);
        using var first = AppHostRole.Claim(_state, Options("--pr", "9"), Patience, _ => { });

        var error = Assert.Throws<PreviewPrerequisiteException>(() => AppHostRole.Claim(_state, Options("--pr", "9"), Patience, _ => { }));

        Assert.Contains("PR 9 is being started by another AppHost", error.Message);
    }

    [Fact]
    public void An_engines_only_holder_cannot_be_joined()
    {
        using var owner = _state.AcquireLock();
        PublishRunning(router: null, pullRequests: []);

        var error = Assert.Throws<PreviewPrerequisiteException>(() => AppHostRole.Claim(_state, Options("--pr", "9"), Patience, _ => { }));

        Assert.Contains("runs the engines only", error.Message);
    }

    [Fact]
    public void A_holder_whose_engines_never_come_up_is_reported_after_waiting()
    {
        using var owner = _state.AcquireLock();
        var progress = new List<string>();

        var error = Assert.Throws<PreviewPrerequisiteException>(() => AppHostRole.Claim(_state, Options("--pr", "9"), Patience, progress.Add));

        Assert.Contains("did not bring its engines up", error.Message);
        Assert.Contains(progress, line => line.Contains("waiting for its engines"));
    }

    public void Dispose() => Directory.Delete(_state.Root, recursive: true);

    private static PreviewOptions Options(params string[] args) => PreviewCommandLine.Parse(args);

    private void PublishRunning(RouterAddress? router, int[] pullRequests) =>
        EngineRuntimeFile.Write(_state.Root, new EngineRuntime(
            new EngineConnections("Host=127.0.0.1;Port=1;Username=postgres;Password=x", "127.0.0.1:2,password=x", "amqp://a:x@127.0.0.1:3", new Uri("http://127.0.0.1:4")),
            pullRequests, Environment.ProcessId, router));
}
