using System.Runtime.CompilerServices;
using NUnit.Framework;
namespace E2eeConformance.TestSupport.Snapshots;

/// <summary>
/// NUnit-facing snapshot assertion with Verify's conventions: <c>&lt;name&gt;.verified.txt</c> sits beside the calling
/// test source file (optionally in a subdirectory), <c>&lt;name&gt;.received.txt</c> is written on a mismatch.
/// Set <c>SNAPSHOTS_ACCEPT=1</c> to accept changes; with <c>CI=true</c> a missing snapshot fails instead of being created.
/// Relies on <see cref="CallerFilePathAttribute"/> giving the real source path, so ContinuousIntegrationBuild must stay off.
/// </summary>
public static class Snapshot
{
    /// <summary>
    /// Fails the current test (with a line diff) unless <paramref name="actual"/> equals the snapshot
    /// <c>&lt;name&gt;.verified.txt</c> in the calling source file's directory, or its <paramref name="subdirectory"/>.
    /// </summary>
    public static void Verify(string actual, string name, string? subdirectory = null, [CallerFilePath] string sourceFile = "")
    {
        string directory = Path.GetDirectoryName(sourceFile) is { Length: > 0 } dir
            ? dir
            : throw new InvalidOperationException($"cannot locate the calling test's source directory from '{sourceFile}'");
        if (!string.IsNullOrEmpty(subdirectory))
        {
            directory = Path.Combine(directory, subdirectory);
        }

        SnapshotCheck check = SnapshotFile.Check(directory, name, actual, SnapshotSettings.FromEnvironment());
        if (check.IsFailure)
        {
            Assert.Fail(check.Message + "\n" + check.Diff);
        }
        else if (check.Status is SnapshotStatus.Created or SnapshotStatus.Accepted)
        {
            TestContext.Out.WriteLine(check.Message);
        }
    }
}
