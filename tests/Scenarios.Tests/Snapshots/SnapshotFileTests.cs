using System.Globalization;
using System.Text;
using E2eeConformance.TestSupport.Snapshots;

namespace E2eeConformance.Scenarios.Tests.Snapshots;

[TestFixture]
public sealed class SnapshotFileTests
{
    private static readonly SnapshotSettings Local = new(Accept: false, Ci: false);
    private static readonly SnapshotSettings OnCi = new(Accept: false, Ci: true);
    private static readonly SnapshotSettings Accepting = new(Accept: true, Ci: false);

    private string _dir = string.Empty;

    private string VerifiedPath => Path.Combine(_dir, "sample.verified.txt");

    private string ReceivedPath => Path.Combine(_dir, "sample.received.txt");

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "snapshot-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public void Equal_text_is_a_match_and_writes_nothing()
    {
        WriteVerified("alpha\nbeta\n");

        SnapshotCheck check = SnapshotFile.Check(_dir, "sample", "alpha\nbeta", Local);

        check.Status.Should().Be(SnapshotStatus.Match);
        check.IsFailure.Should().BeFalse();
        check.Diff.Should().BeEmpty();
        check.VerifiedPath.Should().Be(VerifiedPath);
        File.Exists(ReceivedPath).Should().BeFalse();
    }

    [Test]
    public void Mismatch_writes_received_shows_diff_and_leaves_verified_unchanged()
    {
        WriteVerified("one\ntwo\nthree\n");

        SnapshotCheck check = SnapshotFile.Check(_dir, "sample", "one\nTWO\nthree\n", Local);

        check.Status.Should().Be(SnapshotStatus.Mismatch);
        check.IsFailure.Should().BeTrue();
        check.ReceivedPath.Should().Be(ReceivedPath);
        File.ReadAllText(ReceivedPath).Should().Be("one\nTWO\nthree\n");
        File.ReadAllText(VerifiedPath).Should().Be("one\ntwo\nthree\n");
        check.Diff.Should().Be("@@ line 1 @@\n  one\n- two\n+ TWO\n  three\n");
        check.Message.Should().Contain("SNAPSHOTS_ACCEPT=1").And.Contain(ReceivedPath).And.Contain(VerifiedPath);
    }

    [Test]
    public void Later_match_deletes_the_stale_received_file()
    {
        WriteVerified("same\n");
        SnapshotFile.Check(_dir, "sample", "different\n", Local).Status.Should().Be(SnapshotStatus.Mismatch);
        File.Exists(ReceivedPath).Should().BeTrue();

        SnapshotCheck check = SnapshotFile.Check(_dir, "sample", "same\n", Local);

        check.Status.Should().Be(SnapshotStatus.Match);
        File.Exists(ReceivedPath).Should().BeFalse();
    }

    [Test]
    public void Missing_on_ci_fails_writes_received_and_no_verified()
    {
        SnapshotCheck check = SnapshotFile.Check(_dir, "sample", "new text", OnCi);

        check.Status.Should().Be(SnapshotStatus.Missing);
        check.IsFailure.Should().BeTrue();
        check.Message.Should().StartWith("no snapshot " + VerifiedPath).And.Contain("run locally to create it");
        File.Exists(VerifiedPath).Should().BeFalse();
        File.ReadAllText(ReceivedPath).Should().Be("new text\n");
    }

    [Test]
    public void Missing_locally_creates_the_verified_file()
    {
        string nested = Path.Combine(_dir, "nested");

        SnapshotCheck check = SnapshotFile.Check(nested, "sample", "first run", Local);

        check.Status.Should().Be(SnapshotStatus.Created);
        check.IsFailure.Should().BeFalse();
        check.Message.Should().Contain(check.VerifiedPath);
        File.ReadAllText(Path.Combine(nested, "sample.verified.txt")).Should().Be("first run\n");
        File.Exists(Path.Combine(nested, "sample.received.txt")).Should().BeFalse();

        SnapshotFile.Check(nested, "sample", "first run", OnCi).Status.Should().Be(SnapshotStatus.Match);
    }

    [Test]
    public void Accept_overwrites_verified_and_deletes_received()
    {
        WriteVerified("old\n");
        SnapshotFile.Check(_dir, "sample", "new\n", Local).Status.Should().Be(SnapshotStatus.Mismatch);

        SnapshotCheck check = SnapshotFile.Check(_dir, "sample", "new\n", Accepting);

        check.Status.Should().Be(SnapshotStatus.Accepted);
        check.IsFailure.Should().BeFalse();
        File.ReadAllText(VerifiedPath).Should().Be("new\n");
        File.Exists(ReceivedPath).Should().BeFalse();
        SnapshotFile.Check(_dir, "sample", "new\n", Local).Status.Should().Be(SnapshotStatus.Match);
    }

    [Test]
    public void Accept_creates_a_missing_snapshot_even_on_ci()
    {
        SnapshotCheck check = SnapshotFile.Check(_dir, "sample", "text", new SnapshotSettings(Accept: true, Ci: true));

        check.Status.Should().Be(SnapshotStatus.Accepted);
        File.ReadAllText(VerifiedPath).Should().Be("text\n");
    }

    [Test]
    public void Crlf_and_lf_are_equal_and_files_are_written_normalised_without_bom()
    {
        File.WriteAllText(VerifiedPath, "a\r\nb\r\n\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        SnapshotFile.Check(_dir, "sample", "a\nb", Local).Status.Should().Be(SnapshotStatus.Match);
        SnapshotFile.Check(_dir, "sample", "a\rb\n\n\n", Local).Status.Should().Be(SnapshotStatus.Match);

        SnapshotFile.Check(_dir, "sample", "a\r\nc\r\n", Local).Status.Should().Be(SnapshotStatus.Mismatch);
        File.ReadAllBytes(ReceivedPath).Should().Equal(Encoding.UTF8.GetBytes("a\nc\n"));
    }

    [Test]
    public void Trailing_whitespace_is_not_ignored()
    {
        WriteVerified("a\n");

        SnapshotFile.Check(_dir, "sample", "a \n", Local).Status.Should().Be(SnapshotStatus.Mismatch);
    }

    [Test]
    public void Diff_keeps_three_context_lines_and_marks_separate_hunks()
    {
        string[] verified = Enumerable.Range(1, 20).Select(i => "line" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] received = (string[])verified.Clone();
        received[4] = "changed5";
        received[16] = "changed17";
        WriteVerified(string.Join('\n', verified));

        SnapshotCheck check = SnapshotFile.Check(_dir, "sample", string.Join('\n', received), Local);

        check.Diff.Should().Be(
            "@@ line 2 @@\n  line2\n  line3\n  line4\n- line5\n+ changed5\n  line6\n  line7\n  line8\n" +
            "@@ line 14 @@\n  line14\n  line15\n  line16\n- line17\n+ changed17\n  line18\n  line19\n  line20\n");
        check.Diff.Should().NotContain("line1\n").And.NotContain("line10");
    }

    [Test]
    public void Long_diff_is_capped()
    {
        WriteVerified(string.Join('\n', Enumerable.Range(0, 500).Select(i => "v" + i.ToString(CultureInfo.InvariantCulture))));

        SnapshotCheck check = SnapshotFile.Check(
            _dir, "sample", string.Join('\n', Enumerable.Range(0, 500).Select(i => "r" + i.ToString(CultureInfo.InvariantCulture))), Local);

        string[] lines = check.Diff.TrimEnd('\n').Split('\n');
        check.Status.Should().Be(SnapshotStatus.Mismatch);
        lines.Should().HaveCount(SnapshotFile.MaxDiffLines + 1);
        lines[^1].Should().StartWith("... diff truncated: ").And.Contain("801 more lines");
        lines.Take(SnapshotFile.MaxDiffLines).Should().OnlyContain(l => l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("+ ", StringComparison.Ordinal) || l.StartsWith("@@", StringComparison.Ordinal));
    }

    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("..")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("nul\0char")]
    public void Bad_names_are_rejected(string name)
    {
        Action act = () => SnapshotFile.Check(_dir, name, "x", Local);

        act.Should().Throw<ArgumentException>();
        Directory.EnumerateFileSystemEntries(_dir).Should().BeEmpty();
    }

    [TestCase(null, null, false, false)]
    [TestCase("1", "true", true, true)]
    [TestCase("TRUE", "1", true, true)]
    [TestCase("True", "false", true, false)]
    [TestCase("0", "0", false, false)]
    [TestCase("yes", "", false, false)]
    public void Settings_parse_the_variables(string? accept, string? ci, bool expectAccept, bool expectCi)
    {
        SnapshotSettings.FromValues(accept, ci).Should().Be(new SnapshotSettings(expectAccept, expectCi));
    }

    [Test]
    public void Helper_uses_the_calling_source_directory_and_subdirectory()
    {
        string fakeSource = Path.Combine(_dir, "FakeTests.cs");
        Directory.CreateDirectory(Path.Combine(_dir, "Snapshots"));
        File.WriteAllText(Path.Combine(_dir, "Snapshots", "helper.verified.txt"), "expected\n");

        Snapshot.Verify("expected", "helper", "Snapshots", fakeSource);

        SnapshotSettings env = SnapshotSettings.FromEnvironment();
        Assume.That(env.Accept, Is.False, "SNAPSHOTS_ACCEPT is set: a mismatch would be accepted");
        Assert.Throws<AssertionException>(() => Snapshot.Verify("other", "helper", "Snapshots", fakeSource))!
            .Message.Should().Contain("- expected").And.Contain("+ other");
        File.Exists(Path.Combine(_dir, "Snapshots", "helper.received.txt")).Should().BeTrue();
    }

    private void WriteVerified(string text) =>
        File.WriteAllText(VerifiedPath, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
}
