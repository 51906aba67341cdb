using k8s.Models;

namespace PreviewAspire.Kubernetes.Objects;

/// <summary>The security settings every pod gets: non-root, no privilege escalation, no capabilities, read-only root with a scratch <c>/tmp</c>.</summary>
internal static class PodHardening
{
    /// <summary>The non-root user of the .NET container images (<c>APP_UID</c>).</summary>
    public const long DotNetAppUser = 1654;

    private const string ScratchVolume = "tmp";

    public static V1PodSecurityContext Pod(long user) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = user,
        RunAsGroup = user,
        FsGroup = user,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container(bool readOnlyRoot = true) => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = readOnlyRoot,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };

    public static V1Volume ScratchVolumeDefinition() => new() { Name = ScratchVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = ResourceBudgets.ScratchLimit } };

    public static V1VolumeMount ScratchMount() => new() { Name = ScratchVolume, MountPath = "/tmp" };

    /// <summary>A pod spec for .NET containers: hardened, no service-account token (nothing here talks to the Kubernetes API).</summary>
    public static V1PodSpec DotNetPod(V1Container container, string restartPolicy)
    {
        container.SecurityContext = Container();
        container.VolumeMounts = [ScratchMount()];
        return new V1PodSpec
        {
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            RestartPolicy = restartPolicy,
            SecurityContext = Pod(DotNetAppUser),
            Containers = [container],
            Volumes = [ScratchVolumeDefinition()],
        };
    }
}
