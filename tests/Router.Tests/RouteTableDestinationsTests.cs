using PreviewAspire.Naming;

namespace PreviewAspire.Router.Tests;

public sealed class RouteTableDestinationsTests
{
    private static readonly Uri Frontend7 = new("http://127.0.0.1:41001/");
    private static readonly Uri Api7 = new("http://127.0.0.1:41002/");

    private readonly RouteTableDestinations _routes = new(new PreviewActivity(TimeProvider.System));

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
        var routes = new RouteTableDestinations(activity);
        routes.TryReplace(new RouteTable([new PreviewRoute(7, Frontend7, Api7), new PreviewRoute(8, Frontend7, null)]), out _);
        activity.Touch(routes.Find(7, PreviewSurface.Api)!.Activity);

        routes.TryReplace(new RouteTable([new PreviewRoute(7, Frontend7, Api7)]), out _);

        var entry = Assert.Single(activity.Report().Previews);
        Assert.Equal(7, entry.PullRequest);
        Assert.NotNull(entry.LastRequest);
        Assert.Same(routes.Find(7, PreviewSurface.Frontend)!.Activity, routes.Find(7, PreviewSurface.Api)!.Activity);
    }
}
