using System.Collections.Immutable;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// The encoded bytes are deterministic (the same state, or the same history, gives the same bytes whatever the order
/// of its dictionaries), and their size for a typical state is reported.
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(DeviceStateCodecFixture.Suites))]
public sealed class DeviceStateCodecBytesTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
    [Test]
    public void Encoding_the_same_state_twice_gives_the_same_bytes()
    {
        DeviceState state = Sample().State;
        SameBytes(DeviceStateCodec.Encode(state), DeviceStateCodec.Encode(state), "encoding is deterministic");
    }

    [Test]
    public void The_bytes_do_not_depend_on_dictionary_insertion_order_or_comparer()
    {
        DeviceState state = Sample().State;
        DeviceState reordered = state with
        {
            Peers = ImmutableDictionary.CreateRange(StringComparer.InvariantCulture, state.Peers.OrderByDescending(kv => kv.Key, StringComparer.Ordinal)),
            Groups = ImmutableDictionary.CreateRange(state.Groups.OrderByDescending(kv => kv.Key, StringComparer.Ordinal)),
        };
        DeviceGroup g = reordered.Groups[GroupMember.AddressKey(GroupParty.GroupAddress)];
        GroupSession current = g.Keys!.Current;
        reordered = reordered.WithGroup(g with
        {
            Keys = g.Keys with
            {
                Current = current with { Receivers = ImmutableDictionary.CreateRange(current.Receivers.OrderByDescending(kv => kv.Key, StringComparer.Ordinal)) },
            },
        });

        SameBytes(DeviceStateCodec.Encode(reordered), DeviceStateCodec.Encode(state), "dictionaries are written sorted by key");
    }

    [Test]
    public void The_same_history_gives_the_same_bytes()
    {
        SameBytes(DeviceStateCodec.Encode(DeviceStateSamples.Rich(Suite, "history").State), DeviceStateCodec.Encode(DeviceStateSamples.Rich(Suite, "history").State), "two runs of the same steps");
    }

    // ------------------------------------------------------------------------------------------ size

    [Test]
    public void Size_of_a_typical_state()
    {
        byte[] encoded = DeviceStateCodec.Encode(DeviceStateSamples.Typical(Suite));
        byte[] rich = DeviceStateCodec.Encode(Sample().State);
        TestContext.Out.WriteLine($"{Suite.Name}: typical device state (account with 100 one-time pre-keys, one session) = {encoded.Length:N0} bytes; rich sample = {rich.Length:N0} bytes");
        encoded.Length.Should().BePositive();
    }
}
