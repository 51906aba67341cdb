using PreviewAspire.Naming;

namespace PreviewAspire.Router.Tests;

public sealed class RouteTableDestinationsTests
{
    private static readonly Uri Frontend7 = new("http://127.0.0.1:41001/");
    private static readonly Uri Api7 = new("http://127.0.0.1:41002/");

    private readonly RouteTableDestinations _routes = new(new PreviewActivity(TimeProvider.System), new ServiceMesh(TimeProvider.System));

    [Fact]
    public void Is_not_ready_and_finds_nothing_before_a_table_arrives()
    {
        Assert.False(_routes.IsReady);
        Assert.Null(_routes.Current);
        Assert.Null(_routes.Find(7, PreviewSurface.Frontend));
    }

    [Fact]
    public void Finds_each_surface_of_each_listed_preview_and_nothing_else()
    {
        Assert.True(_routes.TryReplace(new RouteTable([
            new PreviewRoute(7, Frontend7, Api7),
            new PreviewRoute(8, new Uri("http://127.0.0.1:42001/"), null),
        ]), out var error), error);

        Assert.True(_routes.IsReady);
        Assert.Equal("http://127.0.0.1:41001/", _routes.Find(7, PreviewSurface.Frontend)?.Prefix);
        Assert.Equal("http://127.0.0.1:41002/", _routes.Find(7, PreviewSurface.Api)?.Prefix);
        Assert.Equal("http://127.0.0.1:42001/", _routes.Find(8, PreviewSurface.Frontend)?.Prefix);
        Assert.Null(_routes.Find(8, PreviewSurface.Api));
        Assert.Null(_routes.Find(9, PreviewSurface.Frontend));
        Assert.Null(_routes.Find(70, PreviewSurface.Frontend));
    }

    [Fact]
    public void A_new_table_replaces_the_old_one_whole()
    {
        Assert.True(_routes.TryReplace(new RouteTable([new PreviewRoute(7, Frontend7, Api7)]), out _));
        Assert.True(_routes.TryReplace(new RouteTable([new PreviewRoute(8, Frontend7, null)]), out _));

        Assert.Null(_routes.Find(7, PreviewSurface.Frontend));
        Assert.NotNull(_routes.Find(8, PreviewSurface.Frontend));
        Assert.Equal(8, Assert.Single(_routes.Current!.Previews).PullRequest);
    }

    [Fact]
    public void An_empty_table_is_a_table_so_the_router_is_ready()
    {
        Assert.True(_routes.TryReplace(new RouteTable([]), out _));
        Assert.True(_routes.IsReady);
    }

    [Theory]
    [InlineData(0, "http://127.0.0.1:41001/", "not a valid PR id")]
    [InlineData(-3, "http://127.0.0.1:41001/", "not a valid PR id")]
    [InlineData(1_000_000_000, "http://127.0.0.1:41001/", "not a valid PR id")]
    [InlineData(7, "ftp://127.0.0.1:41001/", "not an absolute http(s) URL")]
    [InlineData(7, "/relative/", "not an absolute http(s) URL")]
    public void An_invalid_entry_is_refused_with_a_reason_and_the_table_in_force_stays(int pullRequest, string url, string reason)
    {
        Assert.True(_routes.TryReplace(new RouteTable([new PreviewRoute(9, Frontend7, Api7)]), out _));

        var ok = _routes.TryReplace(new RouteTable([new PreviewRoute(8, Frontend7, null), new PreviewRoute(pullRequest, null, new Uri(url, UriKind.RelativeOrAbsolute))]), out var error);

        Assert.False(ok);
        Assert.Contains(reason, error);
        Assert.DoesNotContain("\n", error!, StringComparison.Ordinal);
        Assert.NotNull(_routes.Find(9, PreviewSurface.Api));
        Assert.Null(_routes.Find(8, PreviewSurface.Frontend));
    }

    [Fact]
    public void A_pull_request_listed_twice_is_refused()
    {
        Assert.False(_routes.TryReplace(new RouteTable([new PreviewRoute(7, Frontend7, null), new PreviewRoute(7, null, Api7)]), out var error));
        Assert.Contains("PR 7 appears more than once", error);
        Assert.False(_routes.IsReady);
    }

    [Fact]
    public void A_missing_previews_list_or_a_null_entry_is_refused()
    {
        Assert.False(_routes.TryReplace(new RouteTable(null!), out _));
        Assert.False(_routes.TryReplace(new RouteTable([null!]), out _));
        Assert.False(_routes.IsReady);
    }

    [Fact]
    public void A_preview_keeps_its_last_request_across_tables_that_keep_it_and_loses_it_when_dropped()
    {
        var activity = new PreviewActivity(TimeProvider.System);
        var routes = new RouteTableDestinations(activity, new ServiceMesh(TimeProvider.System));
        routes.TryReplace(new RouteTable([new PreviewRoute(7, Frontend7, Api7), new PreviewRoute(8, Frontend7, null)]), out _);
        activity.Touch(routes.Find(7, PreviewSurface.Api)!.Activity!);

        routes.TryReplace(new RouteTable([new PreviewRoute(7, Frontend7, Api7)]), out _);

        var entry = Assert.Single(activity.Report().Previews);
        Assert.Equal(7, entry.PullRequest);
        Assert.NotNull(entry.LastRequest);
        Assert.Same(routes.Find(7, PreviewSurface.Frontend)!.Activity, routes.Find(7, PreviewSurface.Api)!.Activity);
    }

    [Fact]
    public void The_baseline_is_found_under_pull_request_0_without_routing_context_or_activity()
    {
        var baselineFrontend = new Uri("http://127.0.0.1:40001/");
        var baselineApi = new Uri("http://127.0.0.1:40002/");
        Assert.True(_routes.TryReplace(new RouteTable(
            [new PreviewRoute(42, baselineFrontend, Api7, Services: new Dictionary<string, Uri> { ["api"] = Api7 })],
            new BaselineRoute(baselineFrontend, baselineApi, new Dictionary<string, Uri> { ["api"] = baselineApi, ["frontend"] = baselineFrontend })), out var error), error);

        var frontend = _routes.Find(0, PreviewSurface.Frontend)!;
        var api = _routes.Find(0, PreviewSurface.Api)!;
        Assert.Equal("http://127.0.0.1:40001/", frontend.Prefix);
        Assert.Equal("http://127.0.0.1:40002/", api.Prefix);
        Assert.Null(frontend.Baggage);
        Assert.Null(frontend.Activity);
        Assert.Null(api.Baggage);

        // PR 42 does not fork the frontend: the host points its frontend at the baseline's, and the router adds the context.
        var pr42 = _routes.Find(42, PreviewSurface.Frontend)!;
        Assert.Equal("http://127.0.0.1:40001/", pr42.Prefix);
        Assert.Equal("preview.pr=42", pr42.Baggage);
        Assert.Equal("preview.pr=42", _routes.Find(42, PreviewSurface.Api)!.Baggage);
        Assert.NotNull(pr42.Activity);
    }

    [Fact]
    public void Without_a_baseline_in_the_table_the_baseline_is_not_found()
    {
        Assert.True(_routes.TryReplace(new RouteTable([new PreviewRoute(7, Frontend7, Api7)]), out _));

        Assert.Null(_routes.Find(0, PreviewSurface.Frontend));
        Assert.Null(_routes.Find(0, PreviewSurface.Api));
    }

    [Fact]
    public void A_baseline_with_only_services_serves_no_host()
    {
        Assert.True(_routes.TryReplace(new RouteTable([], new BaselineRoute(null, null, new Dictionary<string, Uri> { ["api"] = Api7 })), out var error), error);

        Assert.Null(_routes.Find(0, PreviewSurface.Api));
    }

    public static TheoryData<RouteTable, string> InvalidBaselinesAndServices => new()
    {
        { new RouteTable([], new BaselineRoute(new Uri("ftp://127.0.0.1:1/"), null)), "The baseline's frontend URL 'ftp://127.0.0.1:1/' is not an absolute http(s) URL" },
        { new RouteTable([], new BaselineRoute(null, new Uri("/api/", UriKind.Relative))), "The baseline's api URL '/api/' is not an absolute http(s) URL" },
        { new RouteTable([], new BaselineRoute(null, null, new Dictionary<string, Uri> { ["api"] = new("file:///etc/passwd") })), "The baseline's service 'api' URL 'file:///etc/passwd' is not an absolute http(s) URL" },
        { new RouteTable([], new BaselineRoute(null, null, new Dictionary<string, Uri> { ["Api_1"] = Api7 })), "The baseline's service name 'Api_1' is not a DNS label" },
        { new RouteTable([], new BaselineRoute(null, null, new Dictionary<string, Uri> { ["api"] = null! })), "The baseline's service 'api' has no URL" },
        { new RouteTable([new PreviewRoute(7, Frontend7, null, Services: new Dictionary<string, Uri> { ["api"] = new("127.0.0.1:41002", UriKind.Relative) })]), "PR 7's service 'api' URL '127.0.0.1:41002' is not an absolute http(s) URL" },
        { new RouteTable([new PreviewRoute(7, Frontend7, null, Services: new Dictionary<string, Uri> { ["-api"] = Api7 })]), "PR 7's service name '-api' is not a DNS label" },
        { new RouteTable([new PreviewRoute(7, Frontend7, null, Services: new Dictionary<string, Uri> { [""] = Api7 })]), "PR 7's service name '' is not a DNS label" },
    };

    [Theory]
    [MemberData(nameof(InvalidBaselinesAndServices))]
    public void An_invalid_baseline_or_service_refuses_the_whole_table_in_one_line(RouteTable table, string reason)
    {
        Assert.True(_routes.TryReplace(new RouteTable([new PreviewRoute(9, Frontend7, Api7)]), out _));

        Assert.False(_routes.TryReplace(table, out var error));

        Assert.StartsWith(reason, error);
        Assert.DoesNotContain("\n", error!, StringComparison.Ordinal);
        Assert.NotNull(_routes.Find(9, PreviewSurface.Api));
    }
}
