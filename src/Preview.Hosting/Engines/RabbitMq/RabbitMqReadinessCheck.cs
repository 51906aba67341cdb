using System.Net.Http.Headers;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace PreviewAspire.Hosting.Engines.RabbitMq;

/// <summary>Healthy once an AMQP connection opens and the management API, which provisioning needs, answers.</summary>
internal sealed class RabbitMqReadinessCheck(RabbitMqProcessResource server) : IHealthCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
            var factory = new ConnectionFactory { Uri = new Uri(connectionString!), RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
            await using (await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
            }

            var password = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
            var management = await server.ManagementEndpoint.GetValueAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{management}/api/overview");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RabbitMqProcessResource.AdminUser}:{password}")));
            using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, $"management API answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or HttpRequestException or TaskCanceledException or IOException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message);
        }
    }
}
