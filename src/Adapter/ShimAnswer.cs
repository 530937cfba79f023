using System.Text.Json.Nodes;

namespace E2eeConformance.Adapter;

/// <summary>A shim's answer to a command: <c>result</c>, <c>unimplemented</c> or <c>error</c>, with the whole message.</summary>
public sealed record ShimAnswer(string Kind, JsonObject Message)
{
    public bool IsResult => Kind == "result";

    public bool IsUnimplemented => Kind == "unimplemented";

    /// <summary>For an <c>error</c>: the implementation's error name.</summary>
    public string Error => JsonFields.Optional(Message, "error") ?? "";

    /// <summary>For <c>unimplemented</c> and <c>error</c>: what the shim said about it.</summary>
    public string Detail => JsonFields.Optional(Message, "detail") ?? JsonFields.Optional(Message, "reason") ?? "";
}
