using System.Globalization;

namespace PreviewAspire.Naming;

/// <summary>
/// Names of a slot: a preview's services that the host declares without a PR and serves for whichever PR is asked for
/// while it runs, for example <c>slot1-api</c>. The PR-derived names (database, users, hosts) come from
/// <see cref="PreviewNames"/> of the PR the slot serves at the time.
/// </summary>
public sealed class PreviewSlotNames
{
    /// <summary>The largest slot number; slots are numbered from 1.</summary>
    public const int MaxSlots = 64;

    /// <summary>Names of slot <paramref name="slot"/> (1 to <see cref="MaxSlots"/>).</summary>
    public PreviewSlotNames(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slot, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, MaxSlots);
        Slot = slot;
        Group = "slot" + slot.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The slot's number.</summary>
    public int Slot { get; }

    /// <summary>The Aspire resource grouping the slot in the dashboard, for example <c>slot1</c>.</summary>
    public string Group { get; }

    /// <summary>Aspire resource name of one of the slot's services, for example <c>slot1-api</c>.</summary>
    public string Service(string service) => $"{Group}-{service}";

    /// <summary>The slot's provisioner resource.</summary>
    public string Provisioner => Service("provisioner");
}
