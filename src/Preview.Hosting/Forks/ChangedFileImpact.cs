namespace PreviewAspire.Hosting;

/// <summary>What one changed file touches.</summary>
/// <param name="Cause">What the file is to the build, such as <c>project Orders.Data</c> or <c>in no project</c>.</param>
/// <param name="Services">The services that build with what the file changes.</param>
/// <param name="SharesCause">True when files with the same <paramref name="Cause"/> may be told in one line.</param>
internal sealed record ChangedFileImpact(string Cause, IReadOnlySet<string> Services, bool SharesCause);
