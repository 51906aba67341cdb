using Microsoft.Extensions.Logging;
using PreviewAspire.Lifecycle;

namespace PreviewAspire.Hosting;

// Sleep and wake: the same rules as the cluster's waker (SleepPlanner), applied to the previews this host serves. A
// sleeping preview is still served — it keeps its place, its data and its lease, so it is neither served twice nor
// lost — only its services are stopped.
internal sealed partial class PreviewHostService
{
    /// <summary>
    /// Puts to sleep every awake preview with no request for <paramref name="idleAfter"/> and wakes every sleeping one
    /// requested since it fell asleep, from the router's last request per PR (<paramref name="lastRequests"/>).
    /// Returns at once; the changes run on their own.
    /// </summary>
    public void ApplyActivity(IReadOnlyDictionary<int, DateTimeOffset> lastRequests, TimeSpan idleAfter, DateTimeOffset now)
    {
        if (_stopping)
        {
            return;
        }

        foreach (var serving in Servings())
        {
            var last = lastRequests.TryGetValue(serving.PullRequest.Value, out var at) ? at : (DateTimeOffset?)null;
            switch (SleepPlanner.Decide(serving.Lifetime with { IdleAfter = idleAfter }, last, now))
            {
                case SleepAction.Sleep:
                    _ = SleepAsync(serving, now);
                    break;
                case SleepAction.Wake:
                    _ = WakeAsync(serving, now);
                    break;
            }
        }
    }

    private Task SleepAsync(Serving serving, DateTimeOffset now) => ChangeAsync(serving, "serving", () =>
    {
        serving.State = "sleeping";
        serving.AwakeBefore = serving.Lifetime.AwakeAt(now);
        serving.AwakeSince = null;
        serving.AsleepSince = now;
        return launcher.SleepAsync(serving.Place, serving.PullRequest, serving.Plan, serving.Lease.Description);
    });

    private Task WakeAsync(Serving serving, DateTimeOffset now) => ChangeAsync(serving, "sleeping", () =>
    {
        serving.State = "waking";
        serving.AwakeSince = now;
        serving.AsleepSince = null;
        return WakeAfterAsync(serving, serving.Work);
    });

    // Starts a change of a preview in state `from` — only a fully served or fully asleep one, never one starting or
    // being released — as its current work, which a release waits for.
    private async Task ChangeAsync(Serving serving, string from, Func<Task> change)
    {
        Task work;
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_stopping || serving.State != from || serving.Release is not null)
            {
                return;
            }

            serving.Work = work = change();
        }
        finally
        {
            _gate.Release();
        }

        await work.ConfigureAwait(false);
    }

    // A release cancels and awaits this (through Serving.Work), then stops whatever it started.
    private async Task WakeAfterAsync(Serving serving, Task? sleeping)
    {
        if (sleeping is not null)
        {
            await sleeping.ConfigureAwait(false);
        }

        try
        {
            await launcher.WakeAsync(serving.Place, serving.PullRequest, serving.Plan, serving.Lease.Description, serving.Cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (serving.Cancel.IsCancellationRequested)
        {
            return;
        }
        catch (PreviewStartException ex)
        {
            logger.LogError("PR {PullRequest} did not wake: {Reason} It sleeps again until its next request.", serving.PullRequest, ex.Message);
            await SetStateAsync(serving, "waking", "sleeping", DateTimeOffset.UtcNow).ConfigureAwait(false);
            await launcher.SleepAsync(serving.Place, serving.PullRequest, serving.Plan, serving.Lease.Description).ConfigureAwait(false);
            return;
        }

        if (await SetStateAsync(serving, "waking", "serving", null).ConfigureAwait(false))
        {
            await launcher.MarkServingAsync(serving.Place, serving.PullRequest, serving.Plan, serving.Lease.Description).ConfigureAwait(false);
        }
    }

    private async Task<bool> SetStateAsync(Serving serving, string from, string to, DateTimeOffset? asleepSince)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (serving.State != from)
            {
                return false;
            }

            var now = DateTimeOffset.UtcNow;
            serving.State = to;
            if (asleepSince is not null)
            {
                serving.AwakeBefore = serving.Lifetime.AwakeAt(now);
                serving.AwakeSince = null;
            }

            serving.AsleepSince = asleepSince;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
