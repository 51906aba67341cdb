namespace PreviewAspire.Provisioning;

/// <summary>The passwords generated for one PR's Postgres role, Redis ACL user and RabbitMQ user.</summary>
public sealed record PreviewCredentials(string Postgres, string Redis, string RabbitMq)
{
    /// <summary>Never prints the values.</summary>
    public override string ToString() => "PreviewCredentials { *** }";
}
