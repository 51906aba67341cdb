using PreviewAspire.Provisioning;

namespace PreviewAspire.UnitTests;

public sealed class PreviewLimitsTests
{
    [Fact]
    public void Unset_keys_keep_the_defaults()
    {
        var limits = PreviewLimits.Read(_ => null);
        Assert.Equal(PreviewLimits.Default, limits);
        Assert.Equal(20, limits.PostgresConnections);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.PostgresStatementTimeout);
        Assert.Equal(8L * 1024 * 1024, limits.RabbitMqQueueBytes);
    }

    [Fact]
    public void Configured_values_replace_the_defaults()
    {
        var configured = new Dictionary<string, string>
        {
            ["Preview:Limits:PostgresConnections"] = "50",
            ["Preview:Limits:PostgresStatementTimeout"] = "2m",
            ["Preview:Limits:RabbitMqQueueBytes"] = "1048576",
        };
        var limits = PreviewLimits.Read(configured.GetValueOrDefault);
        Assert.Equal(50, limits.PostgresConnections);
        Assert.Equal(TimeSpan.FromMinutes(2), limits.PostgresStatementTimeout);
        Assert.Equal(1048576, limits.RabbitMqQueueBytes);
        Assert.Equal(PreviewLimits.Default.RabbitMqQueues, limits.RabbitMqQueues);
    }

    [Theory]
    [InlineData("PostgresConnections", "0")]
    [InlineData("PostgresConnections", "-3")]
    [InlineData("RabbitMqQueues", "many")]
    [InlineData("PostgresIdleInTransactionTimeout", "soon")]
    public void A_bad_value_is_refused_with_the_key_and_its_environment_variable(string name, string value)
    {
        var error = Assert.Throws<ProvisioningException>(() => PreviewLimits.Read(key => key == $"Preview:Limits:{name}" ? value : null));
        Assert.Contains($"Preview:Limits:{name}", error.Message);
        Assert.Contains($"Preview__Limits__{name}", error.Message);
    }
}
