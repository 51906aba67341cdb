namespace PreviewAspire.Hosting;

/// <summary>
/// Which services of the model a PR forks, and why. The services it does not fork it reaches through the baseline;
/// an empty plan is valid: the PR is served by the baseline alone, under its own hostnames.
/// </summary>
/// <param name="Services">The names of the forked services, sorted ordinally, without duplicates.</param>
/// <param name="ForksEverything">True when every service of the model is forked.</param>
/// <param name="OwnsData">
/// True when a forked service uses a data surface: the PR then gets its own database branch, Redis user and vhost.
/// </param>
/// <param name="Reasons">One human line per cause, such as <c>src/Frontend/App.razor → project Frontend → frontend</c>.</param>
public sealed record ForkPlan(IReadOnlyList<string> Services, bool ForksEverything, bool OwnsData, IReadOnlyList<string> Reasons)
{
    /// <summary>The decision in one line, such as <c>forks api, worker (owns data)</c> or <c>forks nothing: served by the baseline</c>.</summary>
    public string Summary => Services.Count switch
    {
        0 => "forks nothing: served by the baseline",
        _ => (ForksEverything ? "forks everything: " : "forks ") + string.Join(", ", Services) + (OwnsData ? " (owns data)" : string.Empty),
    };

    /// <summary>True when the plan forks the service named <paramref name="service"/>.</summary>
    public bool Forks(string service) => Services.Contains(service, StringComparer.Ordinal);

    /// <summary>Makes the plan for <paramref name="forked"/> services of <paramref name="services"/>.</summary>
    internal static ForkPlan For(IReadOnlyList<PreviewServiceInfo> services, IReadOnlySet<string> forked, IReadOnlyList<string> reasons)
    {
        var names = forked.Order(StringComparer.Ordinal).ToArray();
        var ownsData = services.Any(s => forked.Contains(s.Name) && s.DataSurfaces.Count > 0);
        var forksEverything = services.All(s => forked.Contains(s.Name));
        return new ForkPlan(names, forksEverything, ownsData, reasons);
    }
}
