using System.Collections.Immutable;
using CsCheck;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// <see cref="DeviceState.HasProcessed"/> looks ids up in a hash index of <see cref="DeviceState.Processed"/> (issue
/// 17 §3) instead of walking the list: whatever happens to the list — ids added past the 256 kept, ids added twice, the
/// list replaced by <c>with</c> — the answer is the list's, and the index never takes part in equality.
/// </summary>
[TestFixture]
public sealed class ProcessedIdIndexTests
{
    private static readonly string[] Alphabet = [.. Enumerable.Range(0, 300).Select(i => $"p{i}")];

    [Test]
    public void The_index_answers_as_the_list_does_after_any_sequence_of_marks_and_replacements()
    {
        DeviceState start = DeviceStateSamples.Typical(CipherSuite.Ecc);
        Gen.Int[0, Alphabet.Length - 1].Array[1, 700].Select(Gen.Int[0, 50].Array[0, 3], (ids, replaceAt) => (ids, replaceAt))
            .Sample(t =>
            {
                DeviceState state = start;
                for (int i = 0; i < t.ids.Length; i++)
                {
                    if (t.replaceAt.Contains(i))
                    {
                        state = state with { Processed = [.. state.Processed.Reverse().Take(20), Alphabet[i % Alphabet.Length], Alphabet[i % Alphabet.Length]] };
                    }

                    _ = state.HasProcessed(Alphabet[0]); // builds or uses the index at this point
                    state = state.MarkProcessed(Alphabet[t.ids[i]]);
                }

                state.Processed.Count.Should().BeLessThanOrEqualTo(DeviceState.ProcessedIdsKept);
                return Alphabet.All(id => state.HasProcessed(id) == state.Processed.Contains(id));
            }, iter: 200);
    }

    [Test]
    public void Only_the_last_256_ids_are_kept_and_found()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        for (int i = 0; i < 300; i++)
        {
            state = state.MarkProcessed(Alphabet[i]);
        }

        state.HasProcessed(Alphabet[299]).Should().BeTrue();
        state.HasProcessed(Alphabet[300 - DeviceState.ProcessedIdsKept]).Should().BeTrue();
        state.HasProcessed(Alphabet[299 - DeviceState.ProcessedIdsKept]).Should().BeFalse("it was dropped with the oldest");
    }

    [Test]
    public void A_state_with_its_index_built_equals_one_without()
    {
        DeviceState a = DeviceStateSamples.Typical(CipherSuite.Ecc).MarkProcessed("x");
        DeviceState b = a with { Processed = ImmutableList.CreateRange(a.Processed) };
        _ = a.HasProcessed("x");
        b.Processed.Should().Equal(a.Processed);
        (a with { Processed = b.Processed }).Should().Be(b);
    }
}
