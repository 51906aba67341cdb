using Microsoft.Extensions.Configuration;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Provisioner;

/// <summary>What one provisioner run needs, read from configuration the AppHost (or a Kubernetes Job) injects.</summary>
internal sealed record ProvisionerSettings(PreviewNames Preview, EngineConnections Engines, PreviewCredentials? Credentials, PreviewLimits Limits)
{
    /// <summary>The PR provisioned or torn down; refused for the baseline, which only <c>provision</c> takes.</summary>
    public PullRequestId PullRequest => Preview.IsBaseline
        ? throw new ProvisioningException("The baseline (Preview:PullRequest=main) is provisioned by its host and never torn down as a PR; name a PR number.")
        : Preview.Id;

    public static ProvisionerSettings Read(IConfiguration configuration, bool needCredentials)
    {
        if (!PreviewNames.TryParseKey(configuration["Preview:PullRequest"], out var pullRequest, out var error))
        {
            throw new ProvisioningException($"Preview:PullRequest: {error}");
        }

        var engines = ReadEngines(configuration);
        var credentials = needCredentials
            ? new PreviewCredentials(
                Required(configuration, "Preview:Credentials:Postgres", "the PR's Postgres password"),
                Required(configuration, "Preview:Credentials:Redis", "the PR's Redis password"),
                Required(configuration, "Preview:Credentials:RabbitMq", "the PR's RabbitMQ password"))
            : null;
        return new ProvisionerSettings(pullRequest, engines, credentials, PreviewLimits.Read(key => configuration[key]));
    }

    /// <summary>The engines' administrator connections alone (what <c>inventory</c> needs).</summary>
    public static EngineConnections ReadEngines(IConfiguration configuration) => new(
        Required(configuration, "ConnectionStrings:postgres", "Postgres superuser connection string"),
        Required(configuration, "ConnectionStrings:redis", "Redis administrator connection string"),
        Required(configuration, "ConnectionStrings:rabbitmq", "RabbitMQ administrator AMQP URI"),
        new Uri(Required(configuration, "Preview:RabbitMqManagement", "RabbitMQ management API base URI")));

    private static string Required(IConfiguration configuration, string key, string meaning) => configuration[key] is { Length: > 0 } value
        ? value
        : throw new ProvisioningException($"Missing configuration '{key}' ({meaning}); set it as the environment variable {key.Replace(":", "__", StringComparison.Ordinal)}.");
}
