using System.Text;
using CsCheck;
using Google.Protobuf;
using E2eeConformance.Engine.Client;
using E2eeConformance.Integration.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Integration.Tests;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Hostile server-sent messages: whatever a ProtoMsg holds — real messages of a conversation with fields removed,
/// replaced or flipped — a device reports a typed failure (or ignores it) and never throws; the conversation goes on.
/// </summary>
[TestFixture("ecc")]
[TestFixture("pqc")]
public sealed class DeviceRobustnessTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    [Test]
    public void A_device_never_throws_on_hostile_server_sent_messages_and_keeps_working()
    {
        using var w = new World(Suite, "robustness");
        Device alice = w.Add("alice");
        Device bob = w.Add("bob");
        w.Add("carol");
        w.Add("dave");
        Wire.E2eeAddress group = alice.CreateGroup("g", [(w.Domain, "bob"), (w.Domain, "carol")]);
        var samples = new List<Wire.ProtoMsg>();
        void Capture()
        {
            samples.AddRange(w.Server.Pending(bob.Address).Select(m => m.Clone()));
            w.Pump();
        }

        Capture();
        alice.SendText(w.Domain, "bob", Encoding.UTF8.GetBytes("hello"));
        Capture();
        alice.SendGroupText(group, Encoding.UTF8.GetBytes("group hello"));
        Capture();
        alice.AddGroupMembers(group, [(w.Domain, "dave")]);
        Capture();
        alice.RemoveGroupMembers(group, [(w.Domain, "carol")]);
        Capture();
        samples.Add(new Wire.ProtoMsg { SupplyOpksMsg = new Wire.SupplyOpksMsg { OpksNum = 5 } });
        samples.Should().NotBeEmpty();

        int id = 0;
        Gen.Select(Gen.Int[0, samples.Count - 1], Gen.Int[0, 7], Gen.Int[0, 1 << 20], Gen.Byte)
            .Sample((pick, mode, position, value) =>
            {
                Wire.ProtoMsg m = Mutate(samples[pick], mode, position, value);
                m.Tag = new Wire.ProtoMsgTag { ProtoMsgId = $"hostile-{++id}" };
                bob.Process(m); // must not throw
            }, iter: Suite.IsEcc ? 3000 : 400, threads: 1); // a device is not thread-safe: one message at a time

        // A hostile server can break the sessions it tampered with (invites are not authenticated, PQKA), but the
        // device must not be wedged: a new peer still reaches it, and it still answers.
        Device erin = w.Add("erin");
        erin.SendText(w.Domain, "bob", Encoding.UTF8.GetBytes("still fine"));
        w.Pump();
        bob.SendText(w.Domain, "erin", Encoding.UTF8.GetBytes("and back"));
        w.Pump();
        w.Log.TextsReceivedBy($"bob/1@{w.Domain}").Should().EndWith("still fine");
        w.Log.TextsReceivedBy($"erin/1@{w.Domain}").Should().Equal(["and back"]);
    }

    /// <summary>Clears a field, sets it to junk, flips a byte of the serialized message, or truncates it.</summary>
    private static Wire.ProtoMsg Mutate(Wire.ProtoMsg original, int mode, int position, byte value)
    {
        byte[] bytes = original.ToByteArray();
        switch (mode)
        {
            case 0 when bytes.Length > 0:
                bytes[position % bytes.Length] ^= (byte)(value | 1);
                break;
            case 1 when bytes.Length > 0:
                bytes = bytes[..(position % bytes.Length)];
                break;
            case 2:
                return Strip(original, position);
            default:
                if (bytes.Length > 0)
                {
                    bytes[position % bytes.Length] = value;
                }

                break;
        }

        try
        {
            return Wire.ProtoMsg.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return original.Clone();
        }
    }

    /// <summary>Removes one (nested) message field chosen by <paramref name="position"/>.</summary>
    private static Wire.ProtoMsg Strip(Wire.ProtoMsg original, int position)
    {
        Wire.ProtoMsg copy = original.Clone();
        var fields = new List<(IMessage Owner, Google.Protobuf.Reflection.FieldDescriptor Field)>();
        void Walk(IMessage message, int depth)
        {
            foreach (Google.Protobuf.Reflection.FieldDescriptor f in message.Descriptor.Fields.InFieldNumberOrder())
            {
                if (f.IsRepeated || f.IsMap)
                {
                    continue;
                }

                fields.Add((message, f));
                if (depth < 4 && f.FieldType == Google.Protobuf.Reflection.FieldType.Message && f.Accessor.GetValue(message) is IMessage child)
                {
                    Walk(child, depth + 1);
                }
            }
        }

        Walk(copy, 0);
        (IMessage owner, Google.Protobuf.Reflection.FieldDescriptor field) = fields[position % fields.Count];
        field.Accessor.Clear(owner);
        return copy;
    }
}
