using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>The protocols plugin handler (seed 000 §Plugins) over the in-process server, through bytes and direct.</summary>
public class InProcessTransportTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void A_device_registers_invites_and_is_refused_through_the_transport(bool viaBytes)
    {
        var world = new TestWorld();
        ITransport transport = new InProcessTransport(world.Server, viaBytes);
        var aliceAccount = TestAccounts.Get(CipherSuite.Ecc, "alice/phone");
        var bobAccount = TestAccounts.Get(CipherSuite.Ecc, "bob/phone");

        RegisterUserResponse alice = transport.RegisterUser(Requests.Register(aliceAccount, "alice", "phone"));
        RegisterUserResponse bob = transport.RegisterUser(Requests.Register(bobAccount, "bob", "phone"));
        var aliceDevice = new Device(aliceAccount, new DeviceCredential(alice.Address, alice.Auth));
        var bobDevice = new Device(bobAccount, new DeviceCredential(bob.Address, bob.Auth));
        InviteRequest invite = Requests.Invite(aliceDevice, bob.Address);

        transport.GetPreKeyBundle(aliceDevice.Credential, Requests.Bundle(bobDevice)).PreKeyBundles.Should().ContainSingle();
        transport.Invite(aliceDevice.Credential, invite).Code.Should().Be(ResponseCode.Ok);
        transport.Invite(bobDevice.Credential, invite).Code.Should().Be(ResponseCode.Forbidden);
        transport.Invite(aliceDevice.WrongCredential, invite).Code.Should().Be(ResponseCode.Unauthorized);
        invite.Msg.AliceIdentityKey.IsEmpty.Should().BeTrue("the caller's request object is not touched");
        ProtoMsg delivered = world.Pending(bobDevice).Single();
        transport.ConsumeProtoMsg(bobDevice.Credential, Requests.Consume(delivered)).Code.Should().Be(ResponseCode.Ok);
        world.Pending(bobDevice).Should().BeEmpty();
        ((InProcessTransport)transport).Heartbeat(bobDevice.Credential, new ClientHeartbeatMsg())!.ServerT.Should().Be(world.NowMs);
    }
}
