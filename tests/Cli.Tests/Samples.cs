namespace E2eeConformance.Cli.Tests;

/// <summary>Tiny scenario files (ECC runs take a fraction of a second).</summary>
internal static class Samples
{
    public static string Ok(string name = "tiny-ok") => Tagged(name, "small");

    /// <summary>Expects seven sessions where Bob has one.</summary>
    public const string WrongExpectation = """
        name: tiny-wrong
        description: Expects more sessions than there are.
        users:
          alice: 1
          bob: 1
        steps:
          - register: [alice, bob]
          - send: { from: alice, to: bob, text: "hi", as: m1 }
          - deliver: all
          - expect: { state: { device: bob/1, sessions: 7 } }
        """;

    /// <summary>"tex" is not a key of send (line 8).</summary>
    public const string UnknownKey = """
        name: tiny-bad
        description: A typo.
        users:
          alice: 1
          bob: 1
        steps:
          - register: [alice, bob]
          - send: { from: alice, to: bob, tex: "hi", as: m1 }
        """;

    /// <summary>"bob" is indented deeper than "alice" (line 5).</summary>
    public const string BadIndentation = """
        name: tiny-indent
        description: Bad indentation.
        users:
          alice: 1
           bob: 1
        steps:
          - register: [alice, bob]
        """;

    /// <summary>Alice sends Bob one message, with these tags (without <c>small</c> the SLH-DSA suite is disabled for it).</summary>
    public static string Tagged(string name, params string[] tags) => $$"""
        name: {{name}}
        description: Alice sends Bob one message.
        tags: [{{string.Join(", ", tags)}}]
        users:
          alice: 1
          bob: 1
        steps:
          - register: [alice, bob]
          - send: { from: alice, to: bob, text: "hi", as: m1 }
          - deliver: all
          - expect: { received: { by: bob, message: m1, text: "hi" } }
        """;

    /// <summary>A scenario for ECC and for a suite this harness does not implement (one run, one unimplemented).</summary>
    public const string PartlyUnimplemented = """
        name: tiny-legacy
        description: One message, also asked for with a pre-standard suite.
        tags: [legacy]
        suites: [ecc, skissm-kyber1024-dilithium5]
        users:
          alice: 1
          bob: 1
        steps:
          - register: [alice, bob]
          - send: { from: alice, to: bob, text: "hi", as: m1 }
          - deliver: all
          - expect: { received: { by: bob, message: m1 } }
        """;

    /// <summary>A scenario that is disabled for a written reason.</summary>
    public const string Disabled = """
        name: tiny-disabled
        description: Disabled until further notice.
        tags: [small]
        disabled: waiting for a fix
        users:
          alice: 1
          bob: 1
        steps:
          - register: [alice, bob]
          - send: { from: alice, to: bob, text: "hi", as: m1 }
          - deliver: all
          - expect: { received: { by: bob, message: m1 } }
        """;
}
