using System.Globalization;

namespace PreviewAspire.Lifecycle;

/// <summary>
/// What a preview costs: its requests, priced per vCPU-hour and GiB-hour, for the time it was awake. A sleeping preview
/// (scaled to zero) requests nothing, so only awake time counts.
/// </summary>
/// <param name="Requests">What the preview requests while awake.</param>
/// <param name="Awake">How long it has been awake in total.</param>
/// <param name="Prices">The configured prices.</param>
public sealed record PreviewCost(ResourceRequests Requests, TimeSpan Awake, PreviewPrices Prices)
{
    /// <summary>The cost of one awake hour.</summary>
    public decimal PerHour => (Requests.Vcpu * Prices.PerVcpuHour) + (Requests.MemoryGib * Prices.PerGibHour);

    /// <summary>The cost so far: <see cref="PerHour"/> times the awake hours.</summary>
    public decimal Total => PerHour * (decimal)Awake.TotalHours;

    /// <summary>An amount as shown to people: two decimals (four below one cent), with the currency.</summary>
    public string Format(decimal amount) =>
        $"{amount.ToString(amount is > 0m and < 0.01m ? "0.0000" : "0.00", CultureInfo.InvariantCulture)} {Prices.Currency}";

    /// <summary>One line for the PR comment or <c>preview list</c>.</summary>
    public override string ToString() =>
        $"{Format(Total)} for {AwakeText(Awake)} awake ({Format(PerHour)} per awake hour: {Requests.CpuQuantity} vCPU, {Requests.MemoryQuantity} requested)";

    /// <summary>A duration as hours and minutes, for example <c>3h 05m</c>.</summary>
    public static string AwakeText(TimeSpan awake) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)awake.TotalHours}h {awake.Minutes:00}m");
}
