using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

public sealed class RedisAclRulesTests
{
    private static readonly string[] Rules = RedisPreviewUsers.Rules(PullRequestId.From(42).Names);

    [Fact]
    public void The_rules_start_from_nothing_and_allow_categories()
    {
        Assert.DoesNotContain("+@all", Rules);
        var cleared = Array.IndexOf(Rules, "-@all");
        Assert.True(cleared >= 0);
        Assert.All(Rules.Where(r => r.StartsWith('+')), r => Assert.True(Array.IndexOf(Rules, r) > cleared && r.StartsWith("+@", StringComparison.Ordinal), r));
    }

    [Fact]
    public void Server_wide_and_revealing_commands_are_taken_out_after_the_allowlist()
    {
        var lastAllowed = Rules.Select((r, i) => (r, i)).Where(x => x.r.StartsWith('+')).Max(x => x.i);
        foreach (var denied in new[] { "-@admin", "-@dangerous", "-@scripting", "-client|tracking", "-scan", "-pubsub" })
        {
            Assert.True(Array.IndexOf(Rules, denied) > lastAllowed, denied);
        }

        Assert.DoesNotContain(Rules, r => r is "+@scripting" or "+@admin" or "+@dangerous" or "+@slow" or "+@fast");
    }

    [Fact]
    public void Keys_and_channels_are_confined_to_the_prefix() =>
        Assert.Equal(["~pr42:*", "&pr42:*"], Rules.Where(r => r[0] is '~' or '&' or '%'));
}
