using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PreviewAspire.Naming;

/// <summary>
/// The identity of a preview: the number of the pull request it previews.
/// Every name a preview uses is derived from this value by <see cref="PreviewNames"/>.
/// </summary>
public readonly record struct PullRequestId : IComparable<PullRequestId>
{
    /// <summary>The largest accepted PR number. Nine digits keep every derived name far inside each system's length limit.</summary>
    public const int MaxValue = 999_999_999;

    /// <summary>What a valid PR id looks like, for error messages.</summary>
    public const string AcceptedForm = "a pull request number: a whole number from 1 to 999999999, digits only (for example 42)";

    private PullRequestId(int value) => Value = value;

    /// <summary>The PR number.</summary>
    public int Value { get; }

    /// <summary>Creates an id from a number, throwing <see cref="ArgumentOutOfRangeException"/> outside 1..<see cref="MaxValue"/>.</summary>
    public static PullRequestId From(int value)
    {
        if (value < 1 || value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"'{value}' is not a valid PR id; expected {AcceptedForm}.");
        }

        return new PullRequestId(value);
    }

    /// <summary>Parses user input such as a <c>--pr</c> argument. Throws <see cref="FormatException"/> with a message naming the accepted form.</summary>
    public static PullRequestId Parse(string? text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Parses user input, returning a one-line explanation when it is not a valid PR id.</summary>
    public static bool TryParse(string? text, out PullRequestId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = $"A PR id is required; expected {AcceptedForm}.";
            return false;
        }

        if (!trimmed.All(char.IsAsciiDigit))
        {
            error = $"'{trimmed}' is not a valid PR id; expected {AcceptedForm}.";
            return false;
        }

        var significant = trimmed.TrimStart('0');
        if (significant.Length == 0)
        {
            error = $"'{trimmed}' is not a valid PR id: PR numbers start at 1; expected {AcceptedForm}.";
            return false;
        }

        if (significant.Length > 9 || !int.TryParse(significant, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxValue)
        {
            error = $"'{trimmed}' is too large for a PR id: derived names must stay within DNS and Postgres limits; expected {AcceptedForm}.";
            return false;
        }

        id = new PullRequestId(value);
        error = null;
        return true;
    }

    /// <summary>The names every system uses for this preview.</summary>
    public PreviewNames Names => new(this);

    /// <inheritdoc />
    public int CompareTo(PullRequestId other) => Value.CompareTo(other.Value);

    /// <summary>The PR number as invariant digits.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
