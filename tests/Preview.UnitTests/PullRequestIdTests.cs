using PreviewAspire.Naming;

namespace PreviewAspire.UnitTests;

public class PullRequestIdTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("42", 42)]
    [InlineData(" 42 ", 42)]
    [InlineData("007", 7)]
    [InlineData("999999999", 999_999_999)]
    public void Parses_valid_numbers(string text, int expected) =>
        Assert.Equal(expected, PullRequestId.Parse(text).Value);

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("0", "start at 1")]
    [InlineData("000", "start at 1")]
    [InlineData("-5", "not a valid PR id")]
    [InlineData("+5", "not a valid PR id")]
    [InlineData("abc", "not a valid PR id")]
    [InlineData("4 2", "not a valid PR id")]
    [InlineData("1e3", "not a valid PR id")]
    [InlineData("4.2", "not a valid PR id")]
    [InlineData("٤٢", "not a valid PR id")]
    [InlineData("1000000000", "too large")]
    [InlineData("99999999999999999999999", "too large")]
    public void Rejects_invalid_input_with_a_message_naming_the_accepted_form(string? text, string reason)
    {
        Assert.False(PullRequestId.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Contains("1 to 999999999", error);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_000_000)]
    public void From_rejects_out_of_range_numbers(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PullRequestId.From(value));

    [Fact]
    public void Ids_order_by_number() =>
        Assert.Equal([2, 10], new[] { PullRequestId.From(10), PullRequestId.From(2) }.Order().Select(i => i.Value));
}
