using System.Buffers.Binary;
using CsCheck;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Tests.BadInput;

/// <summary>
/// TLV strings and the wire text (seed 003 §5.4) under bad input: random bytes, every truncation of a valid string,
/// length fields running past the end, trailing bytes, text that is not canonical base-64 or lacks the ?mpENC: prefix
/// or the closing period. Each is either read exactly as written or refused as <c>malformed</c> — never an index,
/// argument or format exception.
/// </summary>
[TestFixture]
public sealed class WireBadInputPropertyTests
{
    private static readonly Gen<TlvRecord[]> Records = Gen.Select(Gen.UShort, Gen.Byte.Array[0, 80], (type, value) => new TlvRecord(type, value)).Array[0, 6];

    private static bool SameRecords(IReadOnlyList<TlvRecord> a, IReadOnlyList<TlvRecord> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Type == p.Second.Type && p.First.Value.AsSpan().SequenceEqual(p.Second.Value));

    [Test]
    public void Random_bytes_are_malformed_or_records_that_encode_back_to_them()
    {
        var tally = new CodeTally();
        Gen.Byte.Array[0, 96].Sample(bytes =>
        {
            IReadOnlyList<TlvRecord>? records = null;
            if (tally.Add(Refusal.Of(() => records = Tlv.Decode(bytes))) is { } code)
            {
                code.Should().Be(MpencErrorCode.Malformed);
            }
            else
            {
                Tlv.Encode(records!).Should().Equal(bytes);
            }
        }, iter: 3000);
        tally.Refusals.Should().Equal(Refusal.Names(MpencErrorCode.Malformed), tally.ToString());
    }

    [Test]
    public void Every_truncation_of_a_TLV_string_is_malformed_unless_it_ends_between_records()
    {
        Records.Sample(records =>
        {
            byte[] encoded = Tlv.Encode(records);
            var boundaries = new Dictionary<int, int> { [0] = 0 };
            for (int i = 0, end = 0; i < records.Length; i++)
            {
                end += 4 + records[i].Value.Length;
                boundaries[end] = i + 1;
            }

            for (int cut = 0; cut <= encoded.Length; cut++)
            {
                IReadOnlyList<TlvRecord>? decoded = null;
                MpencErrorCode? code = Refusal.Of(() => decoded = Tlv.Decode(encoded.AsSpan(0, cut)));
                if (boundaries.TryGetValue(cut, out int whole))
                {
                    code.Should().BeNull($"a cut after {whole} whole records is a shorter TLV string");
                    SameRecords(decoded!, records[..whole]).Should().BeTrue();
                }
                else
                {
                    code.Should().Be(MpencErrorCode.Malformed, $"the cut at {cut} of {encoded.Length} ends inside a record");
                }
            }
        }, iter: 300);
    }

    [Test]
    public void A_length_field_past_the_end_is_malformed()
    {
        Gen.Select(Records.Where(r => r.Length > 0), Gen.Int[0, 5], Gen.Int[1, ushort.MaxValue]).Sample((records, pick, over) =>
        {
            byte[] encoded = Tlv.Encode(records);
            int index = pick % records.Length;
            int header = records.Take(index).Sum(r => 4 + r.Value.Length);
            int remaining = encoded.Length - header - 4;
            int length = remaining + 1 + (over % (ushort.MaxValue - remaining));
            BinaryPrimitives.WriteUInt16BigEndian(encoded.AsSpan(header + 2), (ushort)length);
            Refusal.Of(() => Tlv.Decode(encoded)).Should().Be(MpencErrorCode.Malformed, $"record {index} says {length} bytes where {remaining} remain");
        }, iter: 500);
    }

    [Test]
    public void Trailing_bytes_that_are_not_a_whole_record_are_malformed()
    {
        Gen.Select(Records, Gen.Byte.Array[1, 3], Gen.Byte.Array[4, 12]).Sample((records, cutHeader, overrunning) =>
        {
            byte[] encoded = Tlv.Encode(records);
            Refusal.Of(() => Tlv.Decode([.. encoded, .. cutHeader])).Should().Be(MpencErrorCode.Malformed, "1 to 3 bytes are a cut header");
            byte[] tail = (byte[])overrunning.Clone();
            BinaryPrimitives.WriteUInt16BigEndian(tail.AsSpan(2), (ushort)(tail.Length - 4 + 1 + tail[2]));
            Refusal.Of(() => Tlv.Decode([.. encoded, .. tail])).Should().Be(MpencErrorCode.Malformed, "a trailing header says more than follows");
        }, iter: 500);
    }

    /// <summary>Text near the wire form: base-64 characters, padding, whitespace, the prefix's and suffix's characters and a few others.</summary>
    private static readonly Gen<string> NearBase64 = Gen.Frequency(
            (12, Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"]),
            (2, Gen.Char["="]),
            (1, Gen.Char[" \t\r\n.:?-_*é\u0000"]))
        .Array[0, 24].Select(chars => new string(chars));

    [Test]
    public void Packet_text_is_read_only_when_it_is_exactly_the_wrapping_of_what_it_reads()
    {
        var tally = new CodeTally();
        Gen.Select(NearBase64, Gen.Int[0, 3]).Sample((body, frame) =>
        {
            string text = frame switch
            {
                0 => WirePacket.Prefix + body + WirePacket.Suffix,
                1 => body + WirePacket.Suffix,
                2 => WirePacket.Prefix + body,
                _ => body,
            };
            byte[]? tlv = null;
            if (tally.Add(Refusal.Of(() => tlv = WirePacket.Unwrap(text))) is { } code)
            {
                code.Should().Be(MpencErrorCode.Malformed);
            }
            else
            {
                WirePacket.Wrap(tlv).Should().Be(text, "only the canonical text of a TLV string is read");
            }
        }, iter: 3000);
        tally.Refusals.Should().Equal(Refusal.Names(MpencErrorCode.Malformed), tally.ToString());
    }

    [Test]
    public void A_wrapped_packet_cut_edited_or_reframed_is_malformed()
    {
        Gen.Select(Gen.Byte.Array[0, 60], Gen.Int[0, 1000], Gen.Char["!*. \n=é"]).Sample((tlv, at, c) =>
        {
            string text = WirePacket.Wrap(tlv);
            WirePacket.Unwrap(text).Should().Equal(tlv);
            for (int cut = 0; cut < text.Length; cut++)
            {
                Refusal.Of(() => WirePacket.Unwrap(text[..cut])).Should().Be(MpencErrorCode.Malformed, $"a cut at {cut} loses the period");
            }

            int inBody = WirePacket.Prefix.Length + (at % (text.Length - WirePacket.Prefix.Length));
            string[] bad =
            [
                text[1..],
                text.Replace("?mpENC:", "?MPENC:", StringComparison.Ordinal),
                text + WirePacket.Suffix,
                text + " ",
                " " + text,
                text.Insert(inBody, c.ToString()),
            ];
            foreach (string b in bad)
            {
                Refusal.Of(() => WirePacket.Unwrap(b)).Should().Be(MpencErrorCode.Malformed, b);
            }
        }, iter: 300);
        Refusal.Of(() => WirePacket.Unwrap(null!)).Should().Be(MpencErrorCode.Malformed);
    }
}
