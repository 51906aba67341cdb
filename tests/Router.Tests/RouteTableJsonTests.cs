using System.Text;
using System.Text.Json;

namespace PreviewAspire.Router.Tests;

public sealed class RouteTableJsonTests
{
    [Fact]
    public void Reads_the_contract_shape()
    {
        var json = """{"previews":[{"pullRequest":7,"frontend":"http://127.0.0.1:41001/","api":"http://127.0.0.1:41002/"},{"pullRequest":8,"frontend":null}]}""";

        Assert.True(RouteTableJson.TryRead(Encoding.UTF8.GetBytes(json), out var table, out var error), error);

        Assert.Equal(2, table.Previews.Count);
        Assert.Equal(new PreviewRoute(7, new Uri("http://127.0.0.1:41001/"), new Uri("http://127.0.0.1:41002/")), table.Previews[0]);
        Assert.Equal(new PreviewRoute(8, null, null), table.Previews[1]);
    }

    [Fact]
    public void Writes_camel_case()
    {
        var json = JsonSerializer.Serialize(new RouteTable([new PreviewRoute(7, new Uri("http://127.0.0.1:41001/"), null)]), RouteTableJson.Default.RouteTable);

        Assert.Equal("""{"previews":[{"pullRequest":7,"frontend":"http://127.0.0.1:41001/","api":null}]}""", json);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"previews":[{"pullRequest":"seven"}]}""")]
    public void Malformed_json_is_refused_in_one_line(string json)
    {
        Assert.False(RouteTableJson.TryRead(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.DoesNotContain("\n", error!, StringComparison.Ordinal);
    }
}
