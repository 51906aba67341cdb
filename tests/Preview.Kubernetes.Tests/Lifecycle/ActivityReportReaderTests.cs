using System.Text.Json;
using k8s.Models;
using PreviewAspire.Naming;
using PreviewAspire.Waker;

namespace PreviewAspire.Kubernetes.Tests.Lifecycle;

/// <summary>
/// The waker reads the router's own activity contract: <c>GET /activity</c> on the management port, with the control token
/// from the Secret both are given in the base.
/// </summary>
public sealed class ActivityReportReaderTests
{
    [Fact]
    public void ReadsTheRoutersReportAndSkipsPreviewsNeverRequested()
    {
        // As the router writes it (src/Router ActivityReport, JSON web defaults: camelCase, DateTime UTC with Z).
        const string report = """{"previews":[{"pullRequest":7,"lastRequest":"2025-01-31T12:00:00Z"},{"pullRequest":8,"lastRequest":null},{"pullRequest":9,"lastRequest":"2025-01-31T12:30:15.1234567Z"}]}""";
        var activity = ActivityReportReader.Read(report);
        Assert.Equal([7, 9], activity.Keys.Select(p => p.Value).Order());
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero), activity[PullRequestId.From(7)]);
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 12, 30, 15, TimeSpan.Zero), activity[PullRequestId.From(9)].AddTicks(-1234567));
    }

    [Theory]
    [InlineData("""{"7":"2025-01-31T12:00:00Z"}""")]
    [InlineData("not json")]
    [InlineData("""{"previews":{}}""")]
    public void AnythingElseIsUnreadable(string body) => Assert.ThrowsAny<JsonException>(() => ActivityReportReader.Read(body));

    [Fact]
    public void TheRouterAndTheWakerShareTheControlTokenFromItsSecret()
    {
        var system = GeneratedObjects.Of(GoldenInputs.Base());
        var router = Assert.Single(system.OfType<V1Deployment>(), d => d.Metadata.Name == ClusterBaseGenerator.Router).Spec.Template.Spec.Containers[0].Env;
        var waker = Assert.Single(system.OfType<V1Deployment>(), d => d.Metadata.Name == "preview-waker").Spec.Template.Spec.Containers[0].Env;
        var routerToken = router.Single(e => e.Name == "Router__ControlToken").ValueFrom.SecretKeyRef;
        var wakerToken = waker.Single(e => e.Name == "Waker__RouterToken").ValueFrom.SecretKeyRef;
        Assert.Equal((PreviewNames.RouterControlSecret, PreviewNames.RouterControlTokenKey), (routerToken.Name, routerToken.Key));
        Assert.Equal((routerToken.Name, routerToken.Key), (wakerToken.Name, wakerToken.Key));
        Assert.Equal("8000", waker.Single(e => e.Name == "Waker__RouterManagementPort").Value);
    }
}
