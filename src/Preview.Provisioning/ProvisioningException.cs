namespace PreviewAspire.Provisioning;

/// <summary>A provisioning step failed; the message names the engine, the step and what to check.</summary>
public sealed class ProvisioningException(string message, Exception? inner = null) : Exception(message, inner);
