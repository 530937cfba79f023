using CsCheck;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using Google.Protobuf;

namespace E2eeConformance.Engine.Tests.Wire;

/// <summary>
/// The limit check's shortcut (issue 17: a message no longer than the smallest part limit, of a type that cannot nest
/// too deep, is not walked) gives the same verdict as walking every field, for messages and limits made up at random
/// around the boundaries; and no type of the wire schema contains itself.
/// </summary>
[TestFixture]
public sealed class WireLimitShortcutTests
{
    private static readonly Gen<string> Text = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['\u00e0', '\u00ff'], Gen.Char['\u4e00', '\u4e10']).Array[0, 40].Select(chars => new string(chars));

    private static readonly Gen<ByteString> Bytes = Gen.Byte.Array[0, 60].Select(ByteString.CopyFrom);

    private static readonly Gen<E2eeAddress> Address = Gen.Select(Text, Text, Text, (domain, user, device) =>
        new E2eeAddress { Domain = domain, User = new PeerUser { UserId = user, DeviceId = device } });

    private static readonly Gen<SendOne2oneMsgRequest> Request = Gen.Select(Text, Address, Address, Text, Bytes, Bytes, Gen.UInt[0, 600], (version, from, to, id, ciphertext, key, sequence) =>
        new SendOne2oneMsgRequest
        {
            Msg = new E2eeMsg
            {
                Version = version,
                From = from,
                To = to,
                MsgId = id,
                SessionId = id + id,
                One2OneMsg = new One2oneMsgPayload { Sequence = sequence, Ciphertext = ciphertext, RatchetKey = key },
            },
        });

    private static readonly Gen<WireLimits> Limits = Gen.Select(Gen.Int[1, 90], Gen.Int[1, 90], Gen.Int[1, 90], Gen.Int[1, 90], Gen.Int[1, 200], (identifier, text, ciphertext, key, message) =>
        new WireLimits { MaxIdentifierLength = identifier, MaxTextLength = text, MaxCiphertextBytes = ciphertext, MaxKeyBytes = key, MaxMessageBytes = message, MaxListLength = 5 });

    [Test]
    public void The_shortcut_and_the_full_walk_agree()
    {
        Gen.Select(Request, Limits).Sample(
            t => WireLimitCheck.FirstViolation(t.Item1, t.Item2) == WireLimitCheck.FirstViolationByWalk(t.Item1, t.Item2),
            iter: 3000);
    }

    [Test]
    public void Lists_are_judged_alike_with_and_without_the_shortcut()
    {
        Gen.Select(Gen.Int[0, 12], Gen.Int[1, 8], (count, limit) => (count, limit)).Sample(t =>
        {
            var response = new GetPreKeyBundleResponse();
            for (int i = 0; i < t.count; i++)
            {
                response.PreKeyBundles.Add(new PreKeyBundle());
            }

            var limits = new WireLimits { MaxListLength = t.limit };
            string? verdict = WireLimitCheck.FirstViolation(response, limits);
            return verdict == WireLimitCheck.FirstViolationByWalk(response, limits) && (verdict is null) == (t.count <= t.limit);
        });
    }

    [Test]
    public void No_wire_type_contains_itself_and_none_nests_past_the_limit()
    {
        var types = WireDescriptors.Files.SelectMany(f => f.MessageTypes).ToList();
        types.Should().NotBeEmpty();
        foreach (Google.Protobuf.Reflection.MessageDescriptor type in types)
        {
            WireLimitCheck.MaxNesting(type).Should().BeLessThan(64, type.FullName);
        }

        WireLimitCheck.MaxNesting(SendOne2oneMsgRequest.Descriptor).Should().Be(3, "request (0) → E2eeMsg (1) → address (2) → user (3)");
    }
}
