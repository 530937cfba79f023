using System.Collections.Concurrent;
using CsCheck;
using Google.Protobuf;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Hostile server answers to the requests an operation waits for (<see cref="PendingOperation"/>): member lists with
/// random addresses and sign keys, bundles with a flipped bit or random bytes. Whatever the answer, the step returns a
/// result and never throws; the wait ends. When the continuation fails, the request is
/// forgotten, one <see cref="ProtocolFailure"/> reports it, nothing is sent, and the protocol state is byte-identical
/// to the state before the answer (the answered request and its pending operation aside).
/// </summary>
[TestFixtureSource(nameof(Runs))]
public sealed class HostileAnswerPropertyTests(string suiteName, int iterations) : CipherSuiteFixture(suiteName)
{
    public static readonly object[] Runs = [new object[] { "ecc", 400 }, new object[] { "pqc", 100 }];

    private readonly int _iterations = iterations;
    private readonly List<Waiting> _waiting = [];

    /// <summary>A state with one operation waiting for the answer to <paramref name="Request"/>, and how to make a hostile answer.</summary>
    private sealed record Waiting(string Name, DeviceState State, OutboxItem Request, Func<HostileAnswer, IMessage> Answer)
    {
        public byte[] Encoded { get; } = CoreDriver.Encode(State);
    }

    /// <summary>The random material of one answer.</summary>
    public sealed record HostileAnswer(int Target, int Count, int Position, int Bit, byte[] Bytes, bool Flip)
    {
        public override string ToString() => $"target {Target}, count {Count}, position {Position}, bit {Bit}, flip {Flip}, bytes {Convert.ToHexString(Bytes)}";
    }

    [OneTimeSetUp]
    public void BuildWaitingStates()
    {
        RichSample sample = DeviceStateSamples.Rich(Suite, "core hostile answers");
        DeviceState owner = sample.State with { Account = sample.Group["alice"].Account };
        Wire.E2eeAddress group = GroupParty.GroupAddress;
        Wire.PreKeyBundle daveBundle = CoreDriver.BundleOf(Suite, "dave");
        Wire.PreKeyBundle carolBundle = sample.Carol.ToPreKeyBundle(DeviceStateSamples.CarolAddress.Clone(), sample.Carol.OneTimePreKeys[1]);
        void Add(string name, DeviceState state, DeviceInput input, Func<HostileAnswer, IMessage> answer)
        {
            DeviceStep step = CoreDriver.Step(state, input, name);
            _waiting.Add(new Waiting(name, step.State with { Unacknowledged = [] }, step.State.Outbox.First(i => step.State.Pending.Any(p => p.RequestId == i.Id)), answer));
        }

        Add("create", owner, new CreateGroupCommand("team", [(CoreDriver.Domain, "bob")]), h => new Wire.CreateGroupResponse
        {
            Code = Wire.ResponseCode.Ok,
            GroupAddress = h.Flip ? new Wire.E2eeAddress { Domain = CoreDriver.Domain, Group = new Wire.PeerGroup { GroupId = "g-new" } } : AddressOrNothing(h),
            MemberInfoList = { Members(h) },
        });
        Add("add members", owner, new AddGroupMembersCommand(group, [(CoreDriver.Domain, "frank")]), h => new Wire.AddGroupMembersResponse
        {
            Code = Wire.ResponseCode.Ok,
            AddingMemberInfoList = { Members(h) },
        });
        Add("add member device", owner, new AddGroupMemberDeviceCommand(group, GroupParty.AddressOf("bob/dev2")), h => new Wire.AddGroupMemberDeviceResponse
        {
            Code = Wire.ResponseCode.Ok,
            AddingMemberDeviceInfo = h.Count == 0 ? null : Members(h).First(),
        });
        Add("remove members", owner, new RemoveGroupMembersCommand(group, [(CoreDriver.Domain, "carol")]), h => new Wire.RemoveGroupMembersResponse
        {
            Code = Wire.ResponseCode.Ok,
            MemberInfoList = { Members(h) },
        });
        Add("leave", owner, new LeaveGroupCommand(group), h => new Wire.LeaveGroupResponse { Code = Wire.ResponseCode.Ok, GroupAddress = AddressOrNothing(h) });
        Add("user lookup", owner with { KnownUsers = owner.KnownUsers.Add($"alice@{CoreDriver.Domain}") }, CoreDriver.Text("dave", "hi"), h => Bundles(h, daveBundle));
        DeviceStep refused = CoreDriver.Step(owner, CoreDriver.Answer(owner.Outbox[0], Wire.ResponseCode.Forbidden, new Wire.InviteResponse()));
        _waiting.Add(new Waiting("device lookup", refused.State with { Unacknowledged = [] }, refused.Requests[0], h => Bundles(h, carolBundle)));
    }

    private static Gen<HostileAnswer> Answers =>
        Gen.Select(Gen.Int[0, 63], Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[0, 7], Gen.Byte.Array[0, 80], Gen.Bool, (t, c, p, b, bytes, f) => new HostileAnswer(t, c, p, b, bytes, f));

    [Test]
    public void A_hostile_answer_never_escapes_as_an_exception_and_a_failed_continuation_leaves_nothing()
    {
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Answers.Sample(
            h =>
            {
                Waiting w = _waiting[h.Target % _waiting.Count];
                var answer = new ResponseReceived(w.Request.Id, Wire.ResponseCode.Ok, w.Answer(h));

                DeviceStep step = DeviceCore.Step(w.State, answer, new ReferenceStreamRandom($"hostile answer {h}"), CoreDriver.NowMs);

                step.State.Pending.Should().NotContain(p => p.RequestId == w.Request.Id, "{0}: the answer ends the wait ({1})", w.Name, h);
                step.State.Outbox.Should().NotContain(i => i.Id == w.Request.Id);
                if (step.Events.Count == 1 && step.Events[0].Event is ProtocolFailure failure && failure.MessageKind == answer.Response.Descriptor.Name)
                {
                    step.Requests.Should().BeEmpty("{0}: a failed continuation sends nothing ({1})", w.Name, h);
                    byte[] after = CoreDriver.Encode(CoreDriver.WithBookkeepingOf(step.State, w.State) with { Pending = w.State.Pending });
                    if (!after.AsSpan().SequenceEqual(w.Encoded))
                    {
                        Assert.Fail($"{w.Name}: {h}: the failed continuation ({failure.Code.Name()}: {failure.Detail}) changed the protocol state");
                    }

                    outcomes.AddOrUpdate($"{w.Name}: {failure.Code.Name()}", 1, (_, n) => n + 1);
                }
                else
                {
                    outcomes.AddOrUpdate($"{w.Name}: went on", 1, (_, n) => n + 1);
                }
            },
            iter: _iterations,
            print: h => h.ToString());

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}")));
        outcomes.Keys.Should().Contain(k => !k.EndsWith("went on", StringComparison.Ordinal), "the generator reaches the failure path");
        foreach (Waiting w in _waiting)
        {
            CoreDriver.Encode(w.State).Should().Equal(w.Encoded, "no step changed the state it was given ({0})", w.Name);
        }
    }

    private static Wire.E2eeAddress? AddressOrNothing(HostileAnswer h) => h.Count switch
    {
        0 => null,
        1 => new Wire.E2eeAddress { Domain = CoreDriver.Domain },
        _ => GroupParty.AddressOf($"user{h.Position % 5}"),
    };

    /// <summary><c>h.Count</c> member infos: real-looking addresses (sometimes this device's own) with random sign keys.</summary>
    private static IEnumerable<Wire.GroupMemberInfo> Members(HostileAnswer h) => Enumerable.Range(0, h.Count).Select(i => new Wire.GroupMemberInfo
    {
        MemberAddress = (h.Position + i) % 4 == 0 ? null : GroupParty.AddressOf((h.Position + i) % 4 == 1 ? "alice" : $"user{i}"),
        SignPublicKey = ByteString.CopyFrom(h.Bytes.Skip(i).ToArray()),
    });

    /// <summary>A bundle answer: the real bundle with one bit flipped, or random bytes read as a bundle.</summary>
    private static Wire.GetPreKeyBundleResponse Bundles(HostileAnswer h, Wire.PreKeyBundle real)
    {
        var response = new Wire.GetPreKeyBundleResponse { Code = Wire.ResponseCode.Ok };
        if (h.Flip)
        {
            byte[] bytes = real.ToByteArray();
            bytes[h.Position % bytes.Length] ^= (byte)(1 << h.Bit);
            response.PreKeyBundles.Add(TryParse(bytes) ?? real);
        }
        else
        {
            response.PreKeyBundles.Add(TryParse(h.Bytes) ?? new Wire.PreKeyBundle());
        }

        return response;
    }

    private static Wire.PreKeyBundle? TryParse(byte[] bytes)
    {
        try
        {
            return Wire.PreKeyBundle.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
