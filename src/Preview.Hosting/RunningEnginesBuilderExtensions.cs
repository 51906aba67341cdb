using System.Data.Common;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace Aspire.Hosting;

/// <summary>Uses the engines of another AppHost that is already running on the same state directory.</summary>
public static class RunningEnginesBuilderExtensions
{
    /// <summary>
    /// Adds connection strings named <c>postgres</c>, <c>redis</c> and <c>rabbitmq</c> (secret: they are the administrators')
    /// for the engines <paramref name="running"/> publishes, so this AppHost's previews provision and run on them.
    /// </summary>
    public static PreviewEngines AddRunningEngines(this IDistributedApplicationBuilder builder, EngineConnections running)
    {
        IResourceBuilder<IResourceWithConnectionString> Existing(string name, string connectionString)
        {
            var secret = builder.AddParameter($"{name}-connection", connectionString, secret: true);
            return builder.AddConnectionString(name, ReferenceExpression.Create($"{secret}"));
        }

        var postgres = new DbConnectionStringBuilder { ConnectionString = running.Postgres };
        var redisEndpoint = running.Redis.Split(',')[0];
        var amqp = new Uri(running.RabbitMq);
        return new PreviewEngines
        {
            Postgres = Existing("postgres", running.Postgres),
            PostgresAddress = EngineAddress.Fixed((string)postgres["Host"], int.Parse((string)postgres["Port"], CultureInfo.InvariantCulture)),
            Redis = Existing("redis", running.Redis),
            RedisAddress = EngineAddress.Fixed(
                redisEndpoint[..redisEndpoint.LastIndexOf(':')],
                int.Parse(redisEndpoint[(redisEndpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)),
            RabbitMq = Existing("rabbitmq", running.RabbitMq),
            RabbitMqAddress = EngineAddress.Fixed(amqp.Host, amqp.Port),
            RabbitMqManagementUrl = ReferenceExpression.Create($"{running.RabbitMqManagement.GetLeftPart(UriPartial.Authority)}"),
        };
    }
}
