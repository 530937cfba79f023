using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A device's deviations go from <see cref="DeviceOptions.Deviations"/> into its state at registration and from there into
/// every step (<see cref="DeviceCore.Step"/>): a deviant device does not renew a session at the chain limit and reads a
/// message far ahead at once instead of holding it; the default does both.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class DeviationThreadingTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private static Wire.E2eeAddress Bob => TwoParties.BobAddress;

    [Test]
    public void Registration_keeps_the_options_deviations_in_the_state_and_none_by_default()
    {
        var options = new DeviceOptions(Suite, CoreDriver.Domain, "dora", "dev1") { InitialOneTimePreKeys = 1 };
        (Account account, _) = DeviceCore.BeginRegistration(options, new ReferenceStreamRandom("deviant registration"), CoreDriver.NowMs);
        var response = new Wire.RegisterUserResponse { Code = Wire.ResponseCode.Ok, Address = GroupParty.AddressOf("dora"), Auth = "token" };

        DeviceCore.CompleteRegistration(options, account, response).Deviations.Should().Be(ProtocolDeviations.None);
        DeviceState deviant = DeviceCore.CompleteRegistration(options with { Deviations = ProtocolDeviations.NoChainLimit | ProtocolDeviations.PhantomSkippedKeys }, account, response);

        deviant.Deviations.Should().Be(ProtocolDeviations.NoChainLimit | ProtocolDeviations.PhantomSkippedKeys);
        DeviceStateCodec.Decode(DeviceStateCodec.Encode(deviant)).Deviations.Should().Be(deviant.Deviations, "a restarted deviant device stays deviant");
    }

    [Test]
    public void At_the_chain_limit_a_default_device_asks_for_a_new_bundle_and_a_deviant_one_goes_on_sending()
    {
        DeviceState alice = AtLastMessageOfChain(CoreDriver.Alice(Suite));
        DeviceStep last = CoreDriver.Step(alice, CoreDriver.Text("bob", "m511"));
        last.Requests.Select(r => r.Kind).Should().Equal(RequestType.SendOne2oneMsg);
        DeviceState sentLast = last.State;

        DeviceStep renewing = CoreDriver.Step(sentLast, CoreDriver.Text("bob", "m512"));
        renewing.Requests.Select(r => r.Kind).Should().Equal(RequestType.GetPreKeyBundle);

        DeviceState deviant = AtLastMessageOfChain(CoreDriver.Alice(Suite) with { Deviations = ProtocolDeviations.NoChainLimit });
        deviant = CoreDriver.Step(deviant, CoreDriver.Text("bob", "m511")).State;
        DeviceStep going = CoreDriver.Step(deviant, CoreDriver.Text("bob", "m512"));
        OutboxItem sent = going.Requests.Should().ContainSingle().Which;
        sent.Kind.Should().Be(RequestType.SendOne2oneMsg);
        CoreDriver.Parse(sent, Wire.SendOne2oneMsgRequest.Parser).Msg.One2OneMsg.Sequence.Should().Be(512u);
    }

    [Test]
    public void A_message_600_keys_ahead_is_held_by_default_and_read_at_once_by_an_unbounded_device()
    {
        FarAheadConversation c = FarAheadConversation.Build(Suite, "deviation threading");

        FarAheadConversation.Deliver(c.Alice, "far", c.Farthest).State.PeerOf(Bob).HeldForGap.Should().ContainSingle();

        DeviceStep read = FarAheadConversation.Deliver(c.Alice with { Deviations = ProtocolDeviations.UnboundedSkippedKeys }, "far", c.Farthest);
        read.Events.Should().ContainSingle().Which.Event.Should().BeOfType<OneToOneMessageReceived>();
        read.State.PeerOf(Bob).HeldForGap.Should().BeEmpty();
        ((EstablishedSession)read.State.PeerOf(Bob).Sessions[0]).Ratchet.SkippedKeys.Should().HaveCount(
            FarAheadConversation.FirstChain - 1 + FarAheadConversation.SecondChain - 1);
    }

    /// <summary>Alice's session with Bob moved on to send its chain's last message (index 511) next.</summary>
    private static DeviceState AtLastMessageOfChain(DeviceState alice)
    {
        var session = (EstablishedSession)alice.PeerOf(Bob).Sessions[0];
        ChainKey chain = session.Ratchet.Sender.ChainKey;
        while (chain.Index < ProtocolLimits.MaxMessagesPerChain - 1)
        {
            chain = chain.Next();
        }

        EstablishedSession moved = session with { Ratchet = session.Ratchet with { Sender = session.Ratchet.Sender with { ChainKey = chain } } };
        alice = alice with { KnownUsers = alice.KnownUsers.Add($"bob@{CoreDriver.Domain}") }; // Bob's devices looked up: no lookup first
        return alice.WithPeer(alice.PeerOf(Bob).WithUpdated(moved));
    }
}
