using k8s.Models;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>
/// A run-to-completion project as a Job, or as a suspended CronJob in the system namespace that the engine Jobs
/// (provisioning, teardown, inventory) are created from; only those templates' pods carry the engine-admin label.
/// </summary>
internal static class ProvisioningJobFactory
{
    public static V1Job Job(string name, string @namespace, IReadOnlyDictionary<string, string> labels, V1Container container)
    {
        var podLabels = ObjectMetadata.WithName(labels, name);
        return new V1Job { ApiVersion = "batch/v1", Kind = "Job", Metadata = ObjectMetadata.Create(name, @namespace, podLabels), Spec = JobSpec(podLabels, container) };
    }

    /// <summary>
    /// A CronJob that never fires (suspended, scheduled for 31 February): a template for
    /// <c>kubectl create job --from=cronjob/&lt;name&gt;</c>, which then gets <c>Preview__PullRequest</c> set.
    /// </summary>
    public static V1CronJob Template(string name, string @namespace, IReadOnlyDictionary<string, string> labels, V1Container container)
    {
        var podLabels = ObjectMetadata.Sorted(ObjectMetadata.WithName(labels, name).Append(KeyValuePair.Create(NetworkPolicyFactory.EngineAdminLabel, "true")));
        return new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = ObjectMetadata.Create(name, @namespace, podLabels),
            Spec = new V1CronJobSpec
            {
                Schedule = "0 0 31 2 *",
                Suspend = true,
                JobTemplate = new V1JobTemplateSpec { Metadata = new V1ObjectMeta { Labels = podLabels }, Spec = JobSpec(podLabels, container) },
            },
        };
    }

    private static V1JobSpec JobSpec(IDictionary<string, string> podLabels, V1Container container)
    {
        container.Resources = ResourceBudgets.Service();
        return new V1JobSpec
        {
            BackoffLimit = 6,
            ActiveDeadlineSeconds = 600,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = podLabels },
                Spec = PodHardening.DotNetPod(container, "OnFailure"),
            },
        };
    }
}
