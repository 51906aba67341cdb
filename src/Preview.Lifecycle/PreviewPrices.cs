using System.Globalization;

namespace PreviewAspire.Lifecycle;

/// <summary>What the team pays for capacity, as it configures it (repository variables in CI).</summary>
/// <param name="PerVcpuHour">The price of one requested vCPU for one hour.</param>
/// <param name="PerGibHour">The price of one requested GiB of memory for one hour.</param>
/// <param name="Currency">The currency code or symbol prices are in, shown beside amounts.</param>
public sealed record PreviewPrices(decimal PerVcpuHour, decimal PerGibHour, string Currency)
{
    /// <summary>Reads prices as configured text (invariant culture, for example <c>0.04</c>); throws <see cref="FormatException"/> naming the bad value.</summary>
    public static PreviewPrices Parse(string perVcpuHour, string perGibHour, string currency)
    {
        static decimal Price(string text, string name) =>
            decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw new FormatException($"{name}: '{text}' is not a price; expected a non-negative decimal such as 0.04.");

        return new PreviewPrices(Price(perVcpuHour, "price per vCPU-hour"), Price(perGibHour, "price per GiB-hour"), string.IsNullOrWhiteSpace(currency) ? "USD" : currency.Trim());
    }
}
