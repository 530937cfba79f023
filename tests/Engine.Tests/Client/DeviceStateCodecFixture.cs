using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// The base of the <see cref="DeviceStateCodec"/> fixtures, run once per suite: a rich sample state (every kind of thing
/// a state can hold), a round trip through the codec, and byte-level comparisons that name the first difference.
/// </summary>
public abstract class DeviceStateCodecFixture(string suiteName) : CipherSuiteFixture(suiteName)
{
    /// <summary>The suites the codec fixtures run over.</summary>
    public static readonly string[] Suites = ["ecc", "pqc"];

    private protected RichSample Sample([System.Runtime.CompilerServices.CallerMemberName] string test = "") => DeviceStateSamples.Rich(Suite, test);

    /// <summary>The member key of the sample's group (<see cref="GroupParty.GroupAddress"/>).</summary>
    private protected static string GroupKey => GroupMember.AddressKey(GroupParty.GroupAddress);

    /// <summary>The rich sample of <paramref name="label"/> with its group changed by <paramref name="change"/>.</summary>
    private protected DeviceState WithSampleGroup(string label, Func<DeviceGroup, DeviceGroup> change)
    {
        DeviceState state = Sample(label).State;
        return state.WithGroup(change(state.Groups[GroupKey]));
    }

    private protected static DeviceState RoundTrip(DeviceState state) => DeviceStateCodec.Decode(DeviceStateCodec.Encode(state));

    private protected static void SameBytes(byte[] actual, byte[] expected, string because)
    {
        if (actual.AsSpan().SequenceEqual(expected))
        {
            return;
        }

        int i = 0;
        while (i < actual.Length && i < expected.Length && actual[i] == expected[i])
        {
            i++;
        }

        Assert.Fail($"{because}: {actual.Length} bytes vs {expected.Length} expected, first difference at {i}");
    }

    private protected static void SameState(DeviceState actual, DeviceState expected, string because) =>
        SameBytes(DeviceStateCodec.Encode(actual), DeviceStateCodec.Encode(expected), because);
}
