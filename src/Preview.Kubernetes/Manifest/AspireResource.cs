namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>One resource of an Aspire manifest, with the fields the Kubernetes generators read.</summary>
public sealed record AspireResource
{
    /// <summary>The resource name, for example <c>pr42-api</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The manifest type, for example <c>project.v0</c>, <c>container.v0</c>, <c>parameter.v0</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The container image of a <c>container.v0</c> resource.</summary>
    public string? Image { get; init; }

    /// <summary>The container entrypoint override, if any.</summary>
    public string? Entrypoint { get; init; }

    /// <summary>The process arguments, in manifest order.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The environment, in manifest order; values are manifest expressions.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>The endpoints, in manifest order.</summary>
    public IReadOnlyList<AspireBinding> Bindings { get; init; } = [];

    /// <summary>The connection string expression, if the resource has one.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The value expression of a parameter or annotated string.</summary>
    public string? Value { get; init; }

    /// <summary>True for a parameter whose input is marked secret.</summary>
    public bool IsSecret { get; init; }

    /// <summary>True for a resource the app runs as a process: a project or a container.</summary>
    public bool IsWorkload => Type is AspireResourceTypes.Project or AspireResourceTypes.Container;
}
