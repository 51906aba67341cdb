namespace PreviewAspire.Naming;

/// <summary>The parts of a preview reachable from outside through the router.</summary>
public enum PreviewSurface
{
    /// <summary>The server-rendered frontend, at <c>pr&lt;id&gt;.&lt;domain&gt;</c>.</summary>
    Frontend,

    /// <summary>The HTTP API, at <c>pr&lt;id&gt;-api.&lt;domain&gt;</c>.</summary>
    Api,
}
