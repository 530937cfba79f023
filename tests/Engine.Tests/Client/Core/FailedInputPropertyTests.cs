using System.Collections.Concurrent;
using CsCheck;
using Google.Protobuf;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A failed input leaves nothing of its computation (STYLE #2, compute then commit): random garbage and tampered
/// ProtoMsgs are given to a device that holds sessions, a session awaiting its accept, groups with retired sessions
/// and a group waiting for its keys. Whenever the step reports a <see cref="ProtocolFailure"/>, its only effects are
/// that report and one consume with the failure's state, and the serialized state — with the processed ids, outbox,
/// unacknowledged events and id counters put back — is byte-identical to the state before. Tampered messages of
/// sessions the device holds must fail; garbage may be harmless (then it is only consumed), but nothing may throw.
/// </summary>
[TestFixtureSource(nameof(Runs))]
public sealed class FailedInputPropertyTests(string suiteName, int iterations) : CipherSuiteFixture(suiteName)
{
    public static readonly object[] Runs = [new object[] { "ecc", 600 }, new object[] { "pqc", 150 }];

    private const string Id = "fuzzed-proto-msg";

    private readonly int _iterations = iterations;
    private RichSample _sample = null!;
    private byte[] _before = [];

    /// <summary>How the hostile message is made.</summary>
    public enum Kind
    {
        /// <summary>A one-to-one message of Bob's with one ciphertext bit flipped (must fail).</summary>
        OneToOneBitFlip,

        /// <summary>A one-to-one message of Bob's whose ciphertext is random bytes (must fail).</summary>
        OneToOneGarbageCiphertext,

        /// <summary>A group message of the held group with one bit of ciphertext or signature flipped (must fail).</summary>
        GroupBitFlip,

        /// <summary>A message of Bob's naming a session nobody has (must fail).</summary>
        UnknownSession,

        /// <summary>Random bytes read as one of the server-sent payloads (may be harmless).</summary>
        GarbagePayload,

        /// <summary>Alice's pending session's accept with random key material (may complete it).</summary>
        GarbageAccept,
    }

    /// <summary>One hostile input: which kind, which source message, where to flip, and the random bytes.</summary>
    public sealed record Hostile(Kind Kind, int Source, int Position, int Bit, byte[] Bytes)
    {
        public override string ToString() => $"{Kind}, source {Source}, position {Position}, bit {Bit}, bytes {Convert.ToHexString(Bytes)}";
    }

    private static readonly Action<Wire.ProtoMsg, byte[]>[] GarbagePayloads =
    [
        (m, b) => Fill(b, Wire.InviteMsg.Parser, p => m.InviteMsg = p),
        (m, b) => Fill(b, Wire.AcceptMsg.Parser, p => m.AcceptMsg = p),
        (m, b) => Fill(b, Wire.E2eeMsg.Parser, p => m.E2EeMsg = p),
        (m, b) => Fill(b, Wire.CreateGroupMsg.Parser, p => m.CreateGroupMsg = p),
        (m, b) => Fill(b, Wire.AddGroupMembersMsg.Parser, p => m.AddGroupMembersMsg = p),
        (m, b) => Fill(b, Wire.AddGroupMemberDeviceMsg.Parser, p => m.AddGroupMemberDeviceMsg = p),
        (m, b) => Fill(b, Wire.RemoveGroupMembersMsg.Parser, p => m.RemoveGroupMembersMsg = p),
        (m, b) => Fill(b, Wire.LeaveGroupMsg.Parser, p => m.LeaveGroupMsg = p),
        (m, b) => Fill(b, Wire.AddUserDeviceMsg.Parser, p => m.AddUserDeviceMsg = p),
    ];

    [OneTimeSetUp]
    public void BuildSample()
    {
        _sample = DeviceStateSamples.Rich(Suite, "core failed inputs");
        _before = CoreDriver.Encode(_sample.State);
    }

    private static Gen<Hostile> Hostiles =>
        Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, 63], Gen.Int[0, int.MaxValue], Gen.Int[0, 7], Gen.Byte.Array[0, 96], (k, s, p, b, bytes) => new Hostile(k, s, p, b, bytes));

    [Test]
    public void A_failed_server_message_leaves_only_one_failure_consume_and_one_report()
    {
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Hostiles.Sample(
            h =>
            {
                Wire.ProtoMsg message = CoreDriver.Delivered(Id, m => Build(m, h));
                DeviceStep step = DeviceCore.Step(_sample.State, new ServerMessageReceived(message), new ReferenceStreamRandom($"fuzz {h}"), CoreDriver.NowMs);

                ProtocolFailure? failure = step.Events.Select(e => e.Event).OfType<ProtocolFailure>().FirstOrDefault();
                if (failure is null)
                {
                    MayBeHarmless(h.Kind).Should().BeTrue("{0} must fail", h);
                    outcomes.AddOrUpdate($"{h.Kind}: processed", 1, (_, n) => n + 1);
                    return;
                }

                LeavesNothing(step, failure, h);
                outcomes.AddOrUpdate($"{h.Kind}: {failure.Code.Name()}", 1, (_, n) => n + 1);
            },
            iter: _iterations,
            print: h => h.ToString());

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}")));
        foreach (Kind kind in Enum.GetValues<Kind>().Where(k => !MayBeHarmless(k)))
        {
            outcomes.Keys.Should().Contain(k => k.StartsWith($"{kind}: ", StringComparison.Ordinal), "the generator reaches {0}", kind);
        }

        outcomes.Keys.Should().Contain(k => k.StartsWith($"{Kind.GarbagePayload}: ", StringComparison.Ordinal) && !k.EndsWith("processed", StringComparison.Ordinal), "garbage payloads reach the failure path");
        CoreDriver.Encode(_sample.State).Should().Equal(_before, "no step changed the state it was given");
    }

    private void LeavesNothing(DeviceStep step, ProtocolFailure failure, Hostile h)
    {
        DeviceState before = _sample.State;
        step.Events.Should().ContainSingle("{0}: one report only, nothing of the failed computation ({1})", h, failure.Detail);
        OutboxItem consume = step.Requests.Should().ContainSingle("{0}: one consume only", h).Which;
        consume.Kind.Should().Be(RequestType.ConsumeProtoMsg);
        Wire.ConsumeProtoMsgRequest request = CoreDriver.Parse(consume, Wire.ConsumeProtoMsgRequest.Parser);
        request.ProtoMsgId.Should().Be(Id);
        request.State.Should().Be(DeviceCore.ConsumeStateOf(failure.Code)).And.NotBe(Wire.ProtoMsgOpState.Succeededed);
        step.State.Outbox.Should().Equal([.. before.Outbox, consume]);
        step.State.Processed.Should().Equal([.. before.Processed, Id]);
        step.State.Unacknowledged.Should().Equal([.. before.Unacknowledged, .. step.Events]);
        step.State.Pending.Should().Equal(before.Pending);
        byte[] after = CoreDriver.EncodeProtocolPart(step.State, before);
        if (!after.AsSpan().SequenceEqual(_before))
        {
            Assert.Fail($"{h}: the failed input ({failure.Code.Name()}: {failure.Detail}) changed the protocol state");
        }
    }

    private static bool MayBeHarmless(Kind kind) => kind is Kind.GarbagePayload or Kind.GarbageAccept;

    private void Build(Wire.ProtoMsg m, Hostile h)
    {
        Wire.E2eeMsg[] oneToOne = [.. _sample.HeldBack];
        Wire.E2eeMsg[] group = [_sample.InFlightOldSession, _sample.InFlightBeforeAdd];
        switch (h.Kind)
        {
            case Kind.OneToOneBitFlip:
                m.E2EeMsg = Tamper.Payload(oneToOne[h.Source % oneToOne.Length], p => p.Ciphertext = Tamper.FlipBit(p.Ciphertext, h.Position % p.Ciphertext.Length, h.Bit));
                break;
            case Kind.OneToOneGarbageCiphertext:
                m.E2EeMsg = Tamper.Payload(oneToOne[h.Source % oneToOne.Length], p => p.Ciphertext = ByteString.CopyFrom(h.Bytes));
                break;
            case Kind.GroupBitFlip:
                m.E2EeMsg = Tamper.Copy(group[h.Source % group.Length], c =>
                {
                    Wire.GroupMsgPayload p = c.GroupMsg;
                    if (h.Position % 2 == 0)
                    {
                        p.Ciphertext = Tamper.FlipBit(p.Ciphertext, h.Position / 2 % p.Ciphertext.Length, h.Bit);
                    }
                    else
                    {
                        p.Signature = Tamper.FlipBit(p.Signature, h.Position / 2 % p.Signature.Length, h.Bit);
                    }
                });
                break;
            case Kind.UnknownSession:
                m.E2EeMsg = Tamper.Copy(oneToOne[h.Source % oneToOne.Length], c => c.SessionId = $"unknown-{Convert.ToHexString(h.Bytes)}");
                break;
            case Kind.GarbagePayload:
                GarbagePayloads[h.Source % GarbagePayloads.Length](m, h.Bytes);
                break;
            case Kind.GarbageAccept:
                m.AcceptMsg = new Wire.AcceptMsg
                {
                    From = DeviceStateSamples.CarolAddress,
                    To = TwoParties.AliceAddress,
                    E2EesPackId = Suite.PackId.Value,
                    EncapsCiphertext = ByteString.CopyFrom(h.Bytes),
                    RatchetKey = ByteString.CopyFrom([.. h.Bytes.Reverse()]),
                };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(h), h.Kind, null);
        }
    }

    /// <summary>Reads <paramref name="bytes"/> as a <typeparamref name="T"/> (an empty one when they are no such message).</summary>
    private static void Fill<T>(byte[] bytes, MessageParser<T> parser, Action<T> set)
        where T : IMessage<T>, new()
    {
        T payload;
        try
        {
            payload = parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            payload = new T();
        }

        set(payload);
    }
}
