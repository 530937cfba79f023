using System.Text;
using System.Text.Json.Nodes;
using E2eeConformance.Adapter.Tests.Support;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Adapter.Tests;

/// <summary>
/// Our engine as a shim (src/Shim), out of process, against the in-memory server: the handshake, one-to-one and group
/// texts both ways, a restart from its own store (<c>resume</c>), and the answers for what it cannot do. Every byte of
/// the protocol between the two sides goes through the adapter protocol (docs/ADAPTER.md).
/// </summary>
public sealed class EngineShimTests
{
    [Test]
    public void The_handshake_names_the_implementation_its_suites_and_capabilities()
    {
        using var world = new ShimWorld();
        ShimProcess shim = world.Start("alice/1", ShimWorld.EngineShim);

        shim.Hello.Implementation.Should().Be("e2ee-conformance-engine");
        shim.Hello.Suites.Should().Contain(["ecc", "pqc", "mlkem512-mldsa44", "mlkem768-mldsa65", "mlkem1024-slhdsa256s"]);
        shim.Hello.Capabilities.Should().Contain(["one_to_one", "groups", "resume", "update_name", "summary", "export_state"]);
        shim.Shutdown(world.NowMs);
    }

    [Test]
    public void Its_exported_state_is_the_engines_stored_state_of_the_device_and_a_deviant_one_keeps_its_deviations()
    {
        using var world = new ShimWorld();
        ShimProcess plain = world.Start("alice/1", ShimWorld.EngineShim);
        ShimProcess deviant = world.Start("bob/1", ShimWorld.EngineShim, ["--deviate", "no-chain-limit,phantom-skipped-keys"]);
        E2eeAddress alice = world.Register(plain, "alice", "ecc");
        world.Register(deviant, "bob", "ecc");

        DeviceState state = DeviceStateCodec.Decode(JsonFields.Bytes(world.Run(plain, "alice/1", "export_state").Message, "state"));
        DeviceState bob = DeviceStateCodec.Decode(JsonFields.Bytes(world.Run(deviant, "bob/1", "export_state").Message, "state"));

        state.Address.Should().Be(alice);
        state.Deviations.Should().Be(ProtocolDeviations.None);
        bob.Deviations.Should().Be(ProtocolDeviations.NoChainLimit | ProtocolDeviations.PhantomSkippedKeys);
        deviant.Hello.Implementation.Should().Contain("deviant: no-chain-limit,phantom-skipped-keys");
    }

    [TestCase("ecc")]
    [TestCase("pqc")]
    public void Two_devices_out_of_process_talk_one_to_one_and_in_a_group_and_one_restarts_from_its_store(string suite)
    {
        using var world = new ShimWorld();
        ShimProcess alice = world.Start("alice/1", ShimWorld.EngineShim);
        ShimProcess bob = world.Start("bob/1", ShimWorld.EngineShim);
        E2eeAddress aliceAddress = world.Register(alice, "alice", suite);
        E2eeAddress bobAddress = world.Register(bob, "bob", suite);

        world.Run(alice, "alice/1", "send_text", Text("bob", "hello bob")).IsResult.Should().BeTrue();
        world.DeliverAll((alice, "alice/1", aliceAddress), (bob, "bob/1", bobAddress));
        world.Run(bob, "bob/1", "send_text", Text("alice", "hello alice")).IsResult.Should().BeTrue();
        world.DeliverAll((alice, "alice/1", aliceAddress), (bob, "bob/1", bobAddress));

        world.TextsReceived("bob/1").Should().Equal("hello bob");
        world.TextsReceived("alice/1").Should().Equal("hello alice");

        ShimAnswer created = world.Run(alice, "alice/1", "create_group", new JsonObject
        {
            ["name"] = "pair",
            ["members"] = new JsonArray(Member("alice"), Member("bob")),
        });
        created.IsResult.Should().BeTrue(created.Message.ToJsonString());
        string group = JsonFields.String(created.Message, "group");
        world.DeliverAll((alice, "alice/1", aliceAddress), (bob, "bob/1", bobAddress));
        world.Run(alice, "alice/1", "send_group_text", new JsonObject { ["group"] = group, ["text"] = B64("to the group") }).IsResult.Should().BeTrue();

        bob.Shutdown(world.NowMs);
        bob.Dispose();
        ShimProcess bobAgain = world.Start("bob/1", ShimWorld.EngineShim);
        ShimAnswer resumed = world.Run(bobAgain, "bob/1", "resume");
        resumed.IsResult.Should().BeTrue(resumed.Message.ToJsonString());
        E2eeAddress.Parser.ParseFrom(JsonFields.Bytes(resumed.Message, "address")).Should().Be(bobAddress);
        world.DeliverAll((alice, "alice/1", aliceAddress), (bobAgain, "bob/1", bobAddress));

        world.TextsReceived("bob/1", "group_message_received").Should().Equal("to the group");
        ShimAnswer summary = world.Run(bobAgain, "bob/1", "summary");
        JsonObject state = summary.Message["summary"]!.AsObject();
        state["groups"]!.AsArray().Should().ContainSingle().Which!["member"]!.GetValue<bool>().Should().BeTrue();
        state["peers"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Contain($"alice/1@{ShimWorld.Domain}");
        state["sessions"]!.GetValue<int>().Should().BeGreaterThan(0);
        world.EventsOf("bob/1").Where(e => e["event"]?.GetValue<string>() == "protocol_failure").Should().BeEmpty();
        bobAgain.Shutdown(world.NowMs);
        alice.Shutdown(world.NowMs);
    }

    [Test]
    public void What_it_cannot_do_is_answered_unimplemented_or_as_an_error_never_a_crash()
    {
        using var world = new ShimWorld();
        ShimProcess shim = world.Start("carol/1", ShimWorld.EngineShim);

        ShimAnswer resumeEmpty = world.Run(shim, "carol/1", "resume");
        ShimAnswer farFuture = shim.Command("tick", long.MaxValue, null, (_, _, _) => [], _ => { });
        ShimAnswer unknown = world.Run(shim, "carol/1", "frobnicate");
        ShimAnswer early = world.Run(shim, "carol/1", "send_text", Text("bob", "too early"));
        ShimAnswer suite = world.Run(shim, "carol/1", "register", new JsonObject { ["suite"] = "rot13", ["domain"] = ShimWorld.Domain, ["user"] = "carol", ["device"] = "1" });
        world.Register(shim, "carol", "ecc");
        ShimAnswer badArgument = world.Run(shim, "carol/1", "deliver", new JsonObject { ["proto_msg"] = 42 });
        ShimAnswer notProtobuf = world.Run(shim, "carol/1", "deliver", new JsonObject { ["proto_msg"] = "////" });

        resumeEmpty.Error.Should().Be("bad_state", "there is no device in the store to resume");
        farFuture.Error.Should().Be("bad_argument");
        unknown.IsUnimplemented.Should().BeTrue(unknown.Message.ToJsonString());
        early.Kind.Should().Be("error");
        early.Error.Should().Be("no_device");
        suite.IsUnimplemented.Should().BeTrue(suite.Message.ToJsonString());
        badArgument.Kind.Should().Be("error");
        badArgument.Error.Should().Be("bad_argument");
        notProtobuf.Error.Should().Be("bad_argument");
        shim.Shutdown(world.NowMs);
    }

    private static JsonObject Text(string user, string text) =>
        new() { ["to_domain"] = ShimWorld.Domain, ["to_user"] = user, ["text"] = B64(text) };

    private static JsonObject Member(string user) => new() { ["domain"] = ShimWorld.Domain, ["user"] = user };

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
