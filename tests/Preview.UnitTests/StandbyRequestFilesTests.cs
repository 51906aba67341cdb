using PreviewAspire.Hosting;

namespace PreviewAspire.UnitTests;

public sealed class StandbyRequestFilesTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("standby-files-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public void A_request_stands_until_withdrawn_and_is_answered_per_process()
    {
        var pid = Environment.ProcessId;
        StandbyRequestFiles.WriteRequest(_state, pid, [9, 10]);

        var request = Assert.Single(StandbyRequestFiles.ReadRequests(_state));
        Assert.Equal(pid, request.Pid);
        Assert.Equal([9, 10], request.PullRequests);
        Assert.True(StandbyRequestFiles.RequestStands(_state, pid));
        Assert.Null(StandbyRequestFiles.ReadResponse(_state, pid));

        StandbyRequestFiles.WriteResponse(_state, pid, new StandbyResponse(StandbyStatus.Ready, "ready"));
        Assert.Equal(new StandbyResponse(StandbyStatus.Ready, "ready"), StandbyRequestFiles.ReadResponse(_state, pid));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Path.Combine(StandbyRequestFiles.DirectoryIn(_state), $"{pid}.request.json")));

        StandbyRequestFiles.DeleteRequest(_state, pid);
        Assert.False(StandbyRequestFiles.RequestStands(_state, pid));
        Assert.Empty(StandbyRequestFiles.ReadRequests(_state));
    }

    [Fact]
    public void A_new_request_clears_the_answer_to_an_earlier_one()
    {
        var pid = Environment.ProcessId;
        StandbyRequestFiles.WriteRequest(_state, pid, [9]);
        StandbyRequestFiles.WriteResponse(_state, pid, new StandbyResponse(StandbyStatus.Failed, "PR 9 already runs"));

        StandbyRequestFiles.WriteRequest(_state, pid, [11]);

        Assert.Null(StandbyRequestFiles.ReadResponse(_state, pid));
    }

    [Fact]
    public void Files_that_are_not_whole_requests_are_ignored()
    {
        var directory = Directory.CreateDirectory(StandbyRequestFiles.DirectoryIn(_state)).FullName;
        File.WriteAllText(Path.Combine(directory, "123.request.json"), "{\"Pid\": 12");
        File.WriteAllText(Path.Combine(directory, "456.request.json"), "{\"Pid\": 789, \"PullRequests\": [9]}");

        Assert.Empty(StandbyRequestFiles.ReadRequests(_state));
    }

    [Fact]
    public void Requests_and_answers_of_processes_that_are_gone_are_removed()
    {
        var gone = DeadPid();
        StandbyRequestFiles.WriteRequest(_state, gone, [9]);
        StandbyRequestFiles.WriteResponse(_state, gone, new StandbyResponse(StandbyStatus.Starting, "starting"));
        StandbyRequestFiles.WriteRequest(_state, Environment.ProcessId, [10]);

        StandbyRequestFiles.DeleteStale(_state);

        Assert.Equal([Environment.ProcessId], StandbyRequestFiles.ReadRequests(_state).Select(r => r.Pid));
        Assert.Null(StandbyRequestFiles.ReadResponse(_state, gone));
    }

    private static int DeadPid()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }
}
