namespace PreviewAspire.Hosting;

/// <summary>
/// Services that share a data surface fork together, transitively: a fork of one with the baseline's copy of the other
/// would let the PR's writes and the baseline's reads (or the reverse) meet in one database, cache or queue.
/// </summary>
internal static class DataClosure
{
    /// <summary>
    /// Adds to <paramref name="forked"/> every service that shares data with a forked one, with a reason line for each
    /// group of services it completes.
    /// </summary>
    public static void Apply(IReadOnlyList<PreviewServiceInfo> services, ISet<string> forked, List<string> reasons)
    {
        foreach (var group in SharingGroups(services))
        {
            var names = group.Select(s => s.Name).Order(StringComparer.Ordinal).ToArray();
            if (!names.Any(forked.Contains) || names.All(forked.Contains))
            {
                continue;
            }

            forked.UnionWith(names);
            var shared = group.SelectMany(s => s.DataSurfaces.Distinct(StringComparer.Ordinal))
                .GroupBy(surface => surface, StringComparer.Ordinal)
                .Where(users => users.Count() > 1)
                .Select(users => users.Key);
            reasons.Add($"{And(names)} share data ({string.Join(", ", shared)}) → they fork together");
        }
    }

    /// <summary>The groups of two or more services joined by shared data surfaces, in the model's order.</summary>
    private static IEnumerable<List<PreviewServiceInfo>> SharingGroups(IReadOnlyList<PreviewServiceInfo> services)
    {
        var group = Enumerable.Range(0, services.Count).ToArray();
        int Find(int i) => group[i] == i ? i : group[i] = Find(group[i]);

        var firstUser = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < services.Count; i++)
        {
            foreach (var surface in services[i].DataSurfaces)
            {
                if (firstUser.TryAdd(surface, i))
                {
                    continue;
                }

                group[Find(i)] = Find(firstUser[surface]);
            }
        }

        return Enumerable.Range(0, services.Count)
            .GroupBy(Find)
            .Where(members => members.Count() > 1)
            .Select(members => members.Select(i => services[i]).ToList());
    }

    private static string And(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}
