using Aspire.Hosting.ApplicationModel;

namespace PreviewAspire.Hosting;

/// <summary>One value of a standby slot's identity, read from the slot's assignment when a resource of the slot starts.</summary>
internal sealed class StandbyValue(StandbyPreviewResource slot, string property, Func<StandbyAssignment, string> value)
    : IValueProvider, IManifestExpressionProvider
{
    public string ValueExpression => $"{{{slot.Name}.{property}}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        slot.Assignment is { } assignment
            ? ValueTask.FromResult<string?>(value(assignment))
            : throw new InvalidOperationException(
                $"'{slot.Name}' serves no PR, so its services cannot start on their own. Run 'eng/run.sh --pr <number>' (or 'preview up <number>') while this AppHost runs; it starts them for that PR.");
}
