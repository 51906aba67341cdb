using System.Text;
using System.Text.RegularExpressions;
using PreviewAspire.Naming;

namespace PreviewAspire.UnitTests;

public partial class PreviewNamesTests
{
    public static TheoryData<int> ManyIds()
    {
        var data = new TheoryData<int> { 1, 7, 9, 10, 42, 99, 100, 12345, 99_999_999, PullRequestId.MaxValue };
        var random = new Random(20261129);
        for (var i = 0; i < 200; i++)
        {
            data.Add(random.Next(1, PullRequestId.MaxValue));
        }

        return data;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex AspireResourceName();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex PostgresIdentifier();

    [Theory]
    [MemberData(nameof(ManyIds))]
    public void Every_derived_name_is_valid_for_its_system(int value)
    {
        var names = PullRequestId.From(value).Names;

        foreach (var resource in new[] { names.Group, names.Provisioner, names.Service("api"), names.Service("frontend"), names.Service("worker"), names.Secret("postgres"), names.Secret("rabbitmq") })
        {
            Assert.Matches(AspireResourceName(), resource);
            Assert.DoesNotContain("--", resource);
            Assert.InRange(resource.Length, 1, 64);
        }

        foreach (var label in new[] { names.Namespace, names.HostLabel(PreviewSurface.Frontend), names.HostLabel(PreviewSurface.Api), names.Slug })
        {
            Assert.Matches(Dns1123Label(), label);
            Assert.InRange(label.Length, 1, 63);
        }

        foreach (var identifier in new[] { names.Database, names.DatabaseRole, PreviewNames.TemplateDatabase, PreviewNames.TemplateOwnerRole })
        {
            Assert.Matches(PostgresIdentifier(), identifier);
            Assert.InRange(Encoding.UTF8.GetByteCount(identifier), 1, 63);
        }

        Assert.Matches("^[a-z0-9_]+$", names.RedisUser);
        Assert.Matches("^[a-z0-9]+:$", names.RedisKeyPrefix);
        Assert.Matches("^[a-z0-9]+$", names.RabbitMqVirtualHost);
        Assert.Matches("^[a-z0-9_]+$", names.RabbitMqUser);
        Assert.Equal(value.ToString(), names.Labels[PreviewNames.PullRequestLabel]);
        Assert.Matches("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", names.Labels[PreviewNames.PullRequestLabel]);
    }

    [Theory]
    [MemberData(nameof(ManyIds))]
    public void Hostnames_stay_one_label_under_the_domain_and_map_back(int value)
    {
        var id = PullRequestId.From(value);
        foreach (var surface in Enum.GetValues<PreviewSurface>())
        {
            var host = id.Names.Host(surface, "previews.example.com");
            Assert.Equal(3, host.Split('.').Length - 1);
            Assert.True(PreviewDomain.TryParseHost(host, "previews.example.com", out var parsed, out var parsedSurface));
            Assert.Equal(id, parsed);
            Assert.Equal(surface, parsedSurface);
        }
    }

    [Fact]
    public void Names_of_different_prs_never_collide()
    {
        var seen = new HashSet<string>();
        foreach (var value in Enumerable.Range(1, 2000))
        {
            var names = PullRequestId.From(value).Names;
            Assert.True(seen.Add(names.Database));
            Assert.True(seen.Add("ns:" + names.Namespace));
            Assert.True(seen.Add("prefix:" + names.RedisKeyPrefix));
            Assert.True(seen.Add("host:" + names.HostLabel(PreviewSurface.Api)));
        }

        // A key prefix must not be a prefix of another PR's prefix: pr1: vs pr10: differ at the colon.
        Assert.False("pr10:orders".StartsWith(PullRequestId.From(1).Names.RedisKeyPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Known_names_for_pr_42()
    {
        var names = PullRequestId.From(42).Names;
        Assert.Equal("pr42", names.Slug);
        Assert.Equal("pr42-api", names.Service("api"));
        Assert.Equal("preview_pr42", names.Database);
        Assert.Equal("preview_pr42", names.DatabaseRole);
        Assert.Equal("pr42:", names.RedisKeyPrefix);
        Assert.Equal("pr42", names.RabbitMqVirtualHost);
        Assert.Equal("preview-pr42", names.Namespace);
        Assert.Equal("pr42.preview.localhost", names.Host(PreviewSurface.Frontend, "preview.localhost"));
        Assert.Equal("pr42-api.preview.localhost", names.Host(PreviewSurface.Api, "Preview.Localhost."));
    }

    [Fact]
    public void The_baselines_kubernetes_names_say_main()
    {
        var baseline = PreviewNames.Baseline;
        Assert.Equal("preview-main", baseline.Namespace);
        Assert.Equal("main", baseline.ManifestDirectory);
        Assert.Equal("main", baseline.Labels[PreviewNames.PullRequestLabel]);
        Assert.Equal("pr-42", PullRequestId.From(42).Names.ManifestDirectory);
        Assert.Equal("42", PullRequestId.From(42).Names.Labels[PreviewNames.PullRequestLabel]);
    }
}
