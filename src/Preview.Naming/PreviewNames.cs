namespace PreviewAspire.Naming;

/// <summary>
/// Derives every name a preview uses from its <see cref="PullRequestId"/>: Aspire resources, Postgres, Redis,
/// RabbitMQ, Kubernetes and hostnames. Nothing else in PreviewAspire formats these names.
/// </summary>
/// <remarks>
/// All names are lower-case ASCII letters, digits, '-' or '_' and start with a letter, so each is valid as an
/// Aspire resource name, a DNS-1123 label, an unquoted Postgres identifier, a Redis ACL user and a RabbitMQ vhost.
/// </remarks>
public sealed class PreviewNames
{
    /// <summary>The shared Postgres database every PR database is branched from.</summary>
    public const string TemplateDatabase = "preview_template";

    /// <summary>The non-login Postgres role that owns the template's objects until a branch hands them to its PR role.</summary>
    public const string TemplateOwnerRole = "preview_template_owner";

    /// <summary>The value of the Kubernetes <c>app.kubernetes.io/part-of</c> label on every preview object.</summary>
    public const string PartOf = "preview-aspire";

    /// <summary>The Kubernetes label key that carries the PR number.</summary>
    public const string PullRequestLabel = "preview-aspire.io/pr";

    /// <summary>The namespace of the shared cluster pieces (router, engines).</summary>
    public const string SystemNamespace = "preview-system";

    /// <summary>The default preview domain for local runs; <c>*.localhost</c> resolves to loopback in browsers and curl.</summary>
    public const string DefaultDomain = "preview.localhost";

    /// <summary>The Kubernetes annotation key recording the PR head commit a preview runs.</summary>
    public const string HeadShaAnnotation = "preview-aspire.io/head-sha";

    /// <summary>The Kubernetes annotation key recording when a preview's manifests were generated (UTC, ISO 8601).</summary>
    public const string CreatedAtAnnotation = "preview-aspire.io/created-at";

    /// <summary>The Kubernetes annotation key recording when a preview may be swept (UTC, ISO 8601).</summary>
    public const string ExpiresAtAnnotation = "preview-aspire.io/expires-at";

    /// <summary>The Kubernetes annotation key of how long a preview may go without a request before it sleeps (<c>30m</c>).</summary>
    public const string IdleAfterAnnotation = "preview-aspire.io/idle-after";

    /// <summary>The Kubernetes annotation key of when a preview's current awake period began (UTC, ISO 8601); absent while asleep.</summary>
    public const string AwakeSinceAnnotation = "preview-aspire.io/awake-since";

    /// <summary>The Kubernetes annotation key of when a preview was put to sleep (UTC, ISO 8601); absent while awake.</summary>
    public const string AsleepSinceAnnotation = "preview-aspire.io/asleep-since";

    /// <summary>The Kubernetes annotation key of a preview's awake time in earlier periods, in whole seconds.</summary>
    public const string AwakeSecondsAnnotation = "preview-aspire.io/awake-seconds";

    /// <summary>
    /// The Kubernetes annotation key of the services a PR forks (<c>api,worker</c>, ordinal order), on its namespace when
    /// it forks a chosen set; absent when it forks everything. Its other services are the baseline's.
    /// </summary>
    public const string ForksAnnotation = "preview-aspire.io/forks";

    /// <summary>
    /// The Kubernetes annotation key of whether a PR's forks own data (<c>true</c> or <c>false</c>), on its namespace beside
    /// <see cref="ForksAnnotation"/>: only then does it get its own credentials, database branch, Redis user and vhost.
    /// </summary>
    public const string OwnsDataAnnotation = "preview-aspire.io/owns-data";

    /// <summary>The Kubernetes annotation key of the CPU a preview's workloads request while awake (<c>150m</c>).</summary>
    public const string RequestsCpuAnnotation = "preview-aspire.io/requests-cpu";

    /// <summary>The Kubernetes annotation key of the memory a preview's workloads request while awake (<c>384Mi</c>).</summary>
    public const string RequestsMemoryAnnotation = "preview-aspire.io/requests-memory";

    /// <summary>The suspended CronJob in <see cref="SystemNamespace"/> that per-PR provisioning Jobs are created from.</summary>
    public const string ProvisionTemplate = "preview-provision";

    /// <summary>The suspended CronJob in <see cref="SystemNamespace"/> that lists what previews hold on the engines.</summary>
    public const string InventoryTemplate = "preview-inventory";

    /// <summary>The ServiceAccount, in a preview's namespace, whose short-lived token applies that PR's workloads.</summary>
    public const string DeployerAccount = "preview-deployer";

    /// <summary>The Kubernetes Secret, in a preview's namespace, holding that PR's generated passwords.</summary>
    public const string CredentialsSecret = "preview-credentials";

    /// <summary>The Kubernetes Secret holding the shared engines' administrator passwords.</summary>
    public const string EngineSecret = "preview-engines";

    /// <summary>
    /// The Kubernetes Secret in <see cref="SystemNamespace"/> holding the router's control token (key <see cref="RouterControlTokenKey"/>):
    /// the router requires it on its management endpoints, the waker presents it to read <c>GET /activity</c>.
    /// </summary>
    public const string RouterControlSecret = "preview-router-control";

    /// <summary>The key of the token in <see cref="RouterControlSecret"/>.</summary>
    public const string RouterControlTokenKey = "token";

    /// <summary>The suspended CronJob in <see cref="SystemNamespace"/> that per-PR teardown Jobs are created from.</summary>
    public const string TeardownTemplate = "preview-teardown";

    /// <summary>
    /// The Service every preview namespace holds in the cluster, whatever the PR forks (a ClusterIP Service without a
    /// selector, so its name always resolves): the cluster router serves a PR's hosts only while
    /// <c>preview.preview-pr&lt;id&gt;</c> or the PR's own entry Service resolves, and sends entries the PR does not fork to
    /// the baseline's namespace.
    /// </summary>
    public const string PresenceService = "preview";

    /// <summary>The key the baseline is known by wherever a PR number would stand (<c>Preview:PullRequest=main</c>).</summary>
    public const string BaselineKey = "main";

    internal PreviewNames(PullRequestId id)
    {
        Id = id;
        Slug = $"pr{id}";
    }

    private PreviewNames(string slug) => Slug = slug;

    /// <summary>
    /// The names of the baseline: the services built from the checked-out main branch that serve every PR's unforked
    /// services, on their own database branch (<c>preview_main</c>), Redis user and virtual host (<c>main</c>), at
    /// <c>main.&lt;domain&gt;</c> and <c>main-api.&lt;domain&gt;</c>. No PR number can produce these names.
    /// </summary>
    public static PreviewNames Baseline { get; } = new(BaselineKey);

    /// <summary>True for <see cref="Baseline"/>; then <see cref="Id"/> is not a PR.</summary>
    public bool IsBaseline => Id.Value == 0;

    /// <summary>The PR these names belong to; <c>default</c> (value 0) for <see cref="Baseline"/>.</summary>
    public PullRequestId Id { get; }

    /// <summary>
    /// Parses a preview key: a PR number, or <see cref="BaselineKey"/> for the baseline. On failure <paramref name="error"/>
    /// explains the accepted forms in one line.
    /// </summary>
    public static bool TryParseKey(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PreviewNames? names, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        if (string.Equals(text?.Trim(), BaselineKey, StringComparison.Ordinal))
        {
            names = Baseline;
            error = null;
            return true;
        }

        names = PullRequestId.TryParse(text, out var id, out error) ? id.Names : null;
        if (names is null)
        {
            error += $" (or '{BaselineKey}' for the baseline)";
        }

        return names is not null;
    }

    /// <summary>The key that <see cref="TryParseKey"/> reads back: the PR number, or <see cref="BaselineKey"/>.</summary>
    public string Key => IsBaseline ? BaselineKey : Id.ToString();

    /// <summary>The short form every other name starts from, for example <c>pr42</c>.</summary>
    public string Slug { get; }

    /// <summary>The Aspire resource grouping this preview in the dashboard.</summary>
    public string Group => Slug;

    /// <summary>Aspire resource name of a per-PR service, for example <c>pr42-api</c>.</summary>
    public string Service(string service) => $"{Slug}-{service}";

    /// <summary>
    /// The inverse of <see cref="Service"/>: the part of an Aspire resource name after this PR's prefix, for example
    /// <c>api</c> for <c>pr42-api</c> or <c>postgres-password</c> for <c>pr42-postgres-password</c>. Inside the PR's own
    /// Kubernetes namespace this is the object's name (Deployment, Service, Job) or the key in <see cref="CredentialsSecret"/>.
    /// </summary>
    public bool TryGetService(string resourceName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? service)
    {
        var prefix = Slug + "-";
        service = resourceName.Length > prefix.Length && resourceName.StartsWith(prefix, StringComparison.Ordinal) ? resourceName[prefix.Length..] : null;
        return service is not null;
    }

    /// <summary>
    /// The directory a PR's generated deployment manifests go to under <c>manifests/</c>, for example <c>pr-42</c>;
    /// <c>main</c> for the <see cref="Baseline"/>.
    /// </summary>
    public string ManifestDirectory => IsBaseline ? BaselineKey : $"pr-{Id}";

    /// <summary>The name of this PR's teardown Job, created from <see cref="TeardownTemplate"/> in <see cref="SystemNamespace"/>.</summary>
    public string TeardownJob => $"{TeardownTemplate}-{Slug}";

    /// <summary>The name of this PR's provisioning Job, created from <see cref="ProvisionTemplate"/> in <see cref="SystemNamespace"/>.</summary>
    public string ProvisionJob => $"{ProvisionTemplate}-{Slug}";

    /// <summary>
    /// The Secret in <see cref="SystemNamespace"/> that hands this PR's passwords to its provisioning Job (a copy of
    /// <see cref="CredentialsSecret"/>, deleted when the Job is done).
    /// </summary>
    public string SystemCredentialsSecret => $"{CredentialsSecret}-{Slug}";

    /// <summary>Aspire resource name of the run-to-completion provisioner.</summary>
    public string Provisioner => Service("provisioner");

    /// <summary>Aspire parameter name of one of the PR's generated secrets, for example <c>pr42-postgres-password</c>.</summary>
    public string Secret(string engine) => $"{Slug}-{engine}-password";

    /// <summary>The PR's Postgres database, a branch of <see cref="TemplateDatabase"/>.</summary>
    public string Database => $"preview_{Slug}";

    /// <summary>The PR's Postgres login role, owner of <see cref="Database"/> only.</summary>
    public string DatabaseRole => $"preview_{Slug}";

    /// <summary>The PR's Redis ACL user.</summary>
    public string RedisUser => $"preview_{Slug}";

    /// <summary>The prefix of every Redis key and channel the PR may touch, for example <c>pr42:</c>.</summary>
    public string RedisKeyPrefix => $"{Slug}:";

    /// <summary>The PR's RabbitMQ virtual host.</summary>
    public string RabbitMqVirtualHost => Slug;

    /// <summary>The PR's RabbitMQ user, with permissions on <see cref="RabbitMqVirtualHost"/> only.</summary>
    public string RabbitMqUser => $"preview_{Slug}";

    /// <summary>The PR's Kubernetes namespace.</summary>
    public string Namespace => $"preview-{Slug}";

    /// <summary>
    /// The Kubernetes labels every object of this preview carries; <see cref="PullRequestLabel"/> is <see cref="Key"/>
    /// (the PR number, or <c>main</c> for the <see cref="Baseline"/>, which no PR number can be).
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/part-of"] = PartOf,
        [PullRequestLabel] = Key,
    };

    /// <summary>The single DNS label of a surface under the preview domain: <c>pr42</c> or <c>pr42-api</c>.</summary>
    public string HostLabel(PreviewSurface surface) => surface switch
    {
        PreviewSurface.Frontend => Slug,
        PreviewSurface.Api => $"{Slug}-api",
        _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, null),
    };

    /// <summary>The full hostname of a surface, for example <c>pr42-api.preview.localhost</c>.</summary>
    public string Host(PreviewSurface surface, string domain) => $"{HostLabel(surface)}.{PreviewDomain.Normalize(domain)}";

    /// <summary>The Aspire resource (and service-discovery) name that serves a surface.</summary>
    public string ServiceFor(PreviewSurface surface) => surface switch
    {
        PreviewSurface.Frontend => Service("frontend"),
        PreviewSurface.Api => Service("api"),
        _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, null),
    };
}
