using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// What the loader tests share: a file name, a scenario header to append steps to, parsing helpers, and assertions on
/// a <see cref="ScenarioFormatException"/> (its code, position, expected and found parts, and the message built from them).
/// </summary>
internal static class ScenarioLoaderInput
{
    /// <summary>The file name every parsed text is reported under.</summary>
    public const string FileName = "test.yaml";

    /// <summary>Users alice (1 device) and bob (2 devices); the steps list starts on line 6, its items at column 5.</summary>
    public const string Header = """
        name: t
        users:
          alice: 1
          bob: 2
        steps:

        """;

    public static SourceSpan At(int line, int column = 5) => new(FileName, line, column);

    public static Scenario Parse(string yaml) => ScenarioLoader.Parse(yaml, FileName);

    public static Scenario ParseSteps(string steps) => Parse(Header + steps);

    public static ScenarioFormatException Fail(string yaml)
    {
        Action parse = () => ScenarioLoader.Parse(yaml, FileName);
        return parse.Should().Throw<ScenarioFormatException>().Which;
    }

    public static void ShouldBe(ScenarioFormatException e, string code, int line, int column, string expected, string found)
    {
        e.Code.Should().Be(code);
        e.At.Should().Be(new SourceSpan(FileName, line, column));
        e.Expected.Should().Be(expected);
        e.Found.Should().Be(found);
        e.Message.Should().Be($"{FileName}:{line}:{column}: expected {expected}, found {found}");
    }

    public static void ShouldEqual(IReadOnlyList<Step> actual, params Step[] expected) =>
        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering().RespectingRuntimeTypes());
}
