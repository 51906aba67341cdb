using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;
using PreviewAspire.Ops;

namespace PreviewAspire.Kubernetes.Tests.Lifecycle;

/// <summary>preview-ops reads kubectl, gh and provisioner output as the workflows collect it.</summary>
public sealed class ClusterInputsTests
{
    [Fact]
    public void ReadsPreviewNamespacesFromAListOrOneObject()
    {
        const string list = """
            {"items":[
              {"metadata":{"name":"preview-pr7","labels":{"preview-aspire.io/pr":"7"},"annotations":{"preview-aspire.io/expires-at":"2025-02-03T12:00:00Z","preview-aspire.io/asleep-since":"2025-02-01T00:00:00Z"}}},
              {"metadata":{"name":"preview-prx","labels":{"preview-aspire.io/pr":"x"}}},
              {"metadata":{"name":"preview-pr9","labels":{"preview-aspire.io/pr":"9"}}}]}
            """;
        var namespaces = ClusterInputs.Namespaces(list);
        Assert.Equal([7, 9], namespaces.Keys.Select(k => k.Value));
        Assert.Equal(new DateTimeOffset(2025, 2, 3, 12, 0, 0, TimeSpan.Zero), namespaces[PullRequestId.From(7)].ExpiresAt);
        Assert.True(namespaces[PullRequestId.From(7)].IsAsleep);
        Assert.Null(namespaces[PullRequestId.From(9)].ExpiresAt);

        var one = ClusterInputs.Namespaces("""{"metadata":{"name":"preview-pr7","labels":{"preview-aspire.io/pr":"7"}}}""");
        Assert.Equal([7], one.Keys.Select(k => k.Value));
    }

    [Fact]
    public void ReadsStatesInventoryAndReceipt()
    {
        var states = ClusterInputs.States("7 OPEN\n8 MERGED\n9 UNKNOWN\n10\n");
        Assert.Equal(PullRequestState.Open, states[PullRequestId.From(7)]);
        Assert.Equal(PullRequestState.Merged, states[PullRequestId.From(8)]);
        Assert.Equal(PullRequestState.Unknown, states[PullRequestId.From(9)]);
        Assert.Equal(PullRequestState.Unknown, states[PullRequestId.From(10)]);

        var inventory = ClusterInputs.Inventory("""[{"pullRequest":7,"kind":"database","name":"preview_pr7"},{"pullRequest":7,"kind":"vhost","name":"pr7"},{"pullRequest":12,"kind":"role","name":"preview_pr12"}]""");
        Assert.Equal([7, 12], inventory.Select(p => p.Value));

        var (removed, remaining) = ClusterInputs.Receipt("""{"pullRequest":7,"confirmed":false,"removed":[{"kind":"database","name":"preview_pr7"}],"remaining":[{"kind":"vhost","name":"pr7"}]}""");
        Assert.Equal([new ReceiptLine("database", "preview_pr7")], removed);
        Assert.Equal([new ReceiptLine("vhost", "pr7")], remaining);
    }
}
