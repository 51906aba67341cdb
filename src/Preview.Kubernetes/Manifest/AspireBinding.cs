namespace PreviewAspire.Kubernetes.Manifest;

/// <summary>One endpoint of an Aspire manifest resource (<c>bindings.&lt;name&gt;</c>).</summary>
/// <param name="Name">The binding's name, for example <c>http</c> or <c>tcp</c>.</param>
/// <param name="Scheme">The URI scheme, for example <c>http</c> or <c>tcp</c>.</param>
/// <param name="TargetPort">The port the process listens on, when the manifest fixes it.</param>
public sealed record AspireBinding(string Name, string Scheme, int? TargetPort);
