using System.Text.Json.Nodes;
using E2eeConformance.Adapter.Tests.Support;

namespace E2eeConformance.Adapter.Tests;

/// <summary>
/// The skeleton shim implementers copy (shims/python-skeleton/shim.py, standard library only): it passes the handshake,
/// answers <c>unimplemented</c> to every protocol command (it drives no library) and exits on shutdown. Needs
/// <c>python3</c> on PATH; without it the test is skipped and says so.
/// </summary>
public sealed class PythonSkeletonShimTests
{
    private static readonly string[] ProtocolCommands =
    [
        "register", "resume", "deliver", "tick", "send_text", "send_group_text", "create_group", "add_members",
        "remove_members", "leave_group", "add_member_device", "update_name", "summary", "a_command_from_a_later_version",
    ];

    [Test]
    public void The_skeleton_passes_the_handshake_and_answers_unimplemented_to_every_command()
    {
        string? python = FindOnPath("python3");
        if (python is null)
        {
            Assert.Ignore("skipped: no python3 on PATH, so the Python skeleton shim (shims/python-skeleton/shim.py) was not run");
        }

        using var world = new ShimWorld();
        string script = Path.Combine(AppContext.BaseDirectory, "shims", "python-skeleton", "shim.py");
        ShimProcess shim = world.StartProgram("skeleton/1", python!, [script]);

        shim.Hello.Implementation.Should().Be("python-skeleton");
        shim.Hello.Suites.Should().Contain("ecc");
        foreach (string command in ProtocolCommands)
        {
            ShimAnswer answer = world.Run(shim, "skeleton/1", command, new JsonObject());
            answer.IsUnimplemented.Should().BeTrue($"{command}: {answer.Message.ToJsonString()}");
            answer.Detail.Should().Contain(command);
        }

        shim.Shutdown(world.NowMs);
    }

    internal static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
