using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using PreviewAspire.Naming;

namespace PreviewAspire.Provisioning;

/// <summary>
/// A PR's RabbitMQ surface: its own virtual host, bounded in connections, queues and queue length, and a user with
/// permissions on that virtual host only, managed through the broker's management HTTP API.
/// </summary>
public sealed class RabbitMqPreviewVirtualHosts : IDisposable
{
    /// <summary>The name of the policy that bounds every queue of a PR's virtual host.</summary>
    public const string LimitsPolicy = "preview-limits";

    private readonly HttpClient _http;
    private readonly PreviewLimits _limits;

    /// <summary>Creates the client from the administrator's AMQP URI (for its credentials) and the management API's base URI.</summary>
    public RabbitMqPreviewVirtualHosts(string adminAmqpUri, Uri managementUri, PreviewLimits? limits = null)
    {
        _limits = limits ?? PreviewLimits.Default;
        var userInfo = new Uri(adminAmqpUri).UserInfo.Split(':', 2);
        var credentials = $"{Uri.UnescapeDataString(userInfo[0])}:{Uri.UnescapeDataString(userInfo.ElementAtOrDefault(1) ?? string.Empty)}";
        _http = new HttpClient { BaseAddress = managementUri, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    /// <summary>Creates the PR's virtual host and user (or refreshes the password) and grants it that virtual host alone.</summary>
    public Task ProvisionAsync(PullRequestId pullRequest, string password, CancellationToken cancellationToken) =>
        ProvisionAsync(pullRequest.Names, password, cancellationToken);

    /// <summary>Creates the virtual host and user of <paramref name="names"/> (a PR's or the baseline's); see the PR overload.</summary>
    public async Task ProvisionAsync(PreviewNames names, string password, CancellationToken cancellationToken)
    {
        var vhost = Uri.EscapeDataString(names.RabbitMqVirtualHost);
        var user = Uri.EscapeDataString(names.RabbitMqUser);
        await SendAsync(HttpMethod.Put, $"api/vhosts/{vhost}", new { description = names.IsBaseline ? "Preview baseline" : $"Preview of PR {names.Id}" }, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Put, $"api/users/{user}", new { password, tags = string.Empty }, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Put, $"api/permissions/{vhost}/{user}", new { configure = ".*", write = ".*", read = ".*" }, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Put, $"api/vhost-limits/{vhost}/max-connections", new { value = _limits.RabbitMqConnections }, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Put, $"api/vhost-limits/{vhost}/max-queues", new { value = _limits.RabbitMqQueues }, cancellationToken).ConfigureAwait(false);

        // The PR's user has no policymaker tag, so it cannot replace this policy; a queue argument can only lower the
        // lengths (the broker applies the smaller). reject-publish nacks publishes to a full queue instead of growing it.
        var definition = new Dictionary<string, object>
        {
            ["max-length"] = _limits.RabbitMqQueueMessages,
            ["max-length-bytes"] = _limits.RabbitMqQueueBytes,
            ["overflow"] = "reject-publish",
        };
        await SendAsync(HttpMethod.Put, $"api/policies/{vhost}/{LimitsPolicy}", new Dictionary<string, object>
        {
            ["pattern"] = ".*",
            ["apply-to"] = "queues",
            ["priority"] = 0,
            ["definition"] = definition,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the PR's virtual host (with its queues and messages) and user. Succeeds when neither exists.</summary>
    public async Task TeardownAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        var names = pullRequest.Names;
        await SendAsync(HttpMethod.Delete, $"api/vhosts/{Uri.EscapeDataString(names.RabbitMqVirtualHost)}", null, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Delete, $"api/users/{Uri.EscapeDataString(names.RabbitMqUser)}", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the PR's virtual host exists.</summary>
    public async Task<bool> VirtualHostExistsAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/vhosts/{Uri.EscapeDataString(pullRequest.Names.RabbitMqVirtualHost)}", cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <summary>True when the PR's user exists.</summary>
    public async Task<bool> UserExistsAsync(PullRequestId pullRequest, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/users/{Uri.EscapeDataString(pullRequest.Names.RabbitMqUser)}", cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        try
        {
            await SendOnceAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        }
        catch (ProvisioningException ex) when (method == HttpMethod.Put && ex.Message.Contains("already_exists", StringComparison.Ordinal))
        {
            // Two provisioners created the same user at once; the second PUT is then an ordinary update.
            await SendOnceAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendOnceAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ProvisioningException($"The RabbitMQ management API at {_http.BaseAddress} did not answer {method} {path}: {ex.Message}. Is the engine running with the management plugin?", ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode || (method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NotFound))
            {
                return;
            }

            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ProvisioningException($"RabbitMQ management API refused {method} {path}: {(int)response.StatusCode} {detail}");
        }
    }
}
