using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Inputs about the device's own account through <see cref="DeviceCore.Step"/>: the passing of time renews the signed
/// pre-key once its TTL passed (REFERENCE-BEHAVIOUR §16) and publishes it; a user-name change is one request
/// (seed 000 §Update User); an empty name is refused before anything changes.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class AccountInputTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    [Test]
    public void A_clock_tick_past_the_signed_pre_key_ttl_renews_it_and_queues_its_publication()
    {
        DeviceState before = CoreDriver.Alice(Suite);
        long later = CoreDriver.NowMs + (long)ProtocolLimits.SignedPreKeyTtl.TotalMilliseconds + 1;

        DeviceStep step = DeviceCore.Step(before, new ClockTick(), new ReferenceStreamRandom("tick"), later);

        OutboxItem publish = step.Requests.Should().ContainSingle().Which;
        publish.Kind.Should().Be(RequestType.PublishSpk);
        Wire.PublishSpkRequest request = CoreDriver.Parse(publish, Wire.PublishSpkRequest.Parser);
        request.SignedPreKeyPublic.Should().Be(step.State.Account.CurrentSignedPreKey.ToPublicWire());
        step.State.Account.CurrentSignedPreKey.Id.Should().NotBe(before.Account.CurrentSignedPreKey.Id);
        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<PreKeysPublished>().Which.What.Should().Be("signed_pre_key");
        step.MustSave.Should().BeTrue();
    }

    [Test]
    public void A_clock_tick_within_the_ttl_changes_nothing()
    {
        DeviceState before = CoreDriver.Alice(Suite);
        long within = CoreDriver.NowMs + (long)ProtocolLimits.SignedPreKeyTtl.TotalMilliseconds - 1;

        DeviceStep step = DeviceCore.Step(before, new ClockTick(), new ReferenceStreamRandom("tick"), within);

        step.State.Should().BeSameAs(before);
        step.Requests.Should().BeEmpty();
        step.MustSave.Should().BeFalse();
    }

    [Test]
    public void A_user_name_change_is_one_UpdateUser_request_carrying_the_name()
    {
        DeviceStep step = CoreDriver.Step(CoreDriver.Alice(Suite), new UpdateUserNameCommand("Alice A."));

        OutboxItem update = step.Requests.Should().ContainSingle().Which;
        update.Kind.Should().Be(RequestType.UpdateUser);
        Wire.UpdateUserMsg msg = CoreDriver.Parse(update, Wire.UpdateUserRequest.Parser).Msg;
        (msg.Op, msg.UpdateUserNameArg.Username, msg.ModifiedDate).Should().Be((Wire.UpdateUserOp.Name, "Alice A.", CoreDriver.NowMs));
        step.Events.Should().BeEmpty();
    }

    [Test]
    public void An_empty_user_name_throws_empty_user_name_and_queues_nothing()
    {
        DeviceState before = CoreDriver.Alice(Suite);
        byte[] encoded = CoreDriver.Encode(before);

        Action act = () => CoreDriver.Step(before, new UpdateUserNameCommand(""));

        act.Should().Throw<DeviceCommandException>().Which.Code.Should().Be("empty_user_name");
        CoreDriver.Encode(before).Should().Equal(encoded);
    }
}
