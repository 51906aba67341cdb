using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>One value of a slot's identity, read from the slot's assignment when a resource of the slot starts.</summary>
internal sealed class SlotValue(PreviewSlotResource slot, string property, Func<SlotAssignment, string> value)
    : IValueProvider, IManifestExpressionProvider
{
    public string ValueExpression => $"{{{slot.Name}.{property}}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        slot.Assignment is { } assignment
            ? ValueTask.FromResult<string?>(value(assignment))
            : throw new InvalidOperationException(
                $"'{slot.Name}' serves no PR, so its services cannot be started by hand. Serve a PR in it instead: the 'Serve a PR' command on '{slot.Name}' in the dashboard, 'aspire resource {slot.Name} serve <number>', or 'eng/run.sh --pr <number>' / 'preview up <number>' while this host runs.");
}
