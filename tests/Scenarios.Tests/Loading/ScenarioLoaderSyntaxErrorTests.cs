using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Text that is not well-formed YAML, or writes a key twice: a syntax error that points at the place and says what is
/// missing (a closing bracket, brace or quote), never the YAML library's own message alone.
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderSyntaxErrorTests
{
    [Test]
    public void Syntax_error_bad_indentation_has_yamls_position()
    {
        var e = Fail("""
            name: t
            users:
              alice: 1
               bob: 2
            steps: []
            """);

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Line.Should().Be(4);
        e.At.Column.Should().Be(7);
        e.Expected.Should().Be("well-formed YAML (consistent indentation, closed quotes and brackets)");
        e.Found.Should().StartWith("\": 2\" (");
        e.InnerException.Should().BeAssignableTo<YamlDotNet.Core.YamlException>();
    }

    [Test]
    public void Syntax_error_unclosed_bracket_names_where_the_list_was_opened()
    {
        var e = Fail(Header + """
              - register: [alice, bob
              - deliver: all
            """);

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Line.Should().Be(7);
        e.Expected.Should().Be("',' or ']' in the list opened with '[' at line 6, column 15");
        e.Found.Should().StartWith("\"- deliver: all\"");
    }

    [Test]
    public void Syntax_error_unclosed_bracket_at_the_end_of_the_file()
    {
        var e = Fail(Header + "  - register: [alice, bob\n");

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.Expected.Should().Be("',' or ']' in the list opened with '[' at line 6, column 15");
        e.Found.Should().StartWith("the end of the file");
    }

    [Test]
    public void Syntax_error_unclosed_brace()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, text: hi, as: m1\n  - deliver: all\n");

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Line.Should().Be(7);
        e.Expected.Should().Be("',' or '}' in the mapping opened with '{' at line 6, column 11");
    }

    [Test]
    public void Syntax_error_unclosed_quote_points_at_the_opening_quote()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, text: \"hi, as: m1 }\n");

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Should().Be(new SourceSpan(FileName, 6, 41));
        e.Expected.Should().Be("a closing quote for the text that starts here");
        e.Found.Should().StartWith("\"\\\"hi, as: m1 }\" (");
    }

    [Test]
    public void Syntax_error_tab_indentation_is_reported_on_its_line()
    {
        var e = Fail(Header + "\t- deliver: all\n");

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Line.Should().Be(6);
        e.Found.Should().Contain("tab");
    }

    [Test]
    public void A_key_written_twice_is_a_duplicate_name()
    {
        var e = Fail("""
            name: t
            users:
              alice: 1
              alice: 2
            steps: []
            """);

        ShouldBe(e, ScenarioFormatException.DuplicateNameCode, 4, 3, "each key at most once in a mapping", "\"alice\" a second time");
    }
}
