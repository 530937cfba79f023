using CsCheck;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// <see cref="ProcessedIds"/> (issue 17: constant-time lookups and adds, 20 bytes an id): whatever happens — ids added
/// past the 256 kept, ids added twice, an older version added to after a newer one (the shared array must not leak one
/// version's ids into another), a state's list replaced by <c>with</c> — it answers as a plain list of the last 256 does,
/// and equality is the ids' equality; ids of up to 15 ASCII characters (packed) and longer or non-ASCII ones alike.
/// </summary>
[TestFixture]
public sealed class ProcessedIdsTests
{
    // Ids packed into 16 bytes (at most 15 ASCII characters), longer ones and non-ASCII ones (kept as strings).
    private static readonly string[] Alphabet = [.. Enumerable.Range(0, 300).Select(i => (i % 3) switch { 0 => $"p{i}", 1 => $"msg-{i}-with-a-longer-tail", _ => $"é{i}" })];

    [Test]
    public void Every_version_answers_as_a_list_of_its_last_256_ids_does()
    {
        // Each step adds an id to one of the versions made so far (often the newest, sometimes an older one, which
        // must copy) and checks every version against its model list.
        Gen.Int[0, Alphabet.Length - 1].Select(Gen.Int[0, 9], Gen.Int[0, 10_000]).Array[1, 900]
            .Sample(steps =>
            {
                var versions = new List<(ProcessedIds Ids, List<string> Model)> { (ProcessedIds.Empty, []) };
                foreach ((int id, int pick, int older) in steps)
                {
                    (ProcessedIds ids, List<string> model) = pick < 8 ? versions[^1] : versions[older % versions.Count];
                    List<string> next = [.. model, Alphabet[id]];
                    if (next.Count > ProcessedIds.Capacity)
                    {
                        next.RemoveAt(0);
                    }

                    versions.Add((ids.Add(Alphabet[id]), next));
                }

                return versions.All(v => v.Ids.SequenceEqual(v.Model) && v.Ids.Count == v.Model.Count
                    && Alphabet.All(a => v.Ids.Contains(a) == v.Model.Contains(a))
                    && v.Ids.Equals(ProcessedIds.Create([.. v.Model])) && v.Ids.GetHashCode() == ProcessedIds.Create([.. v.Model]).GetHashCode());
            }, iter: 100);
    }

    [Test]
    public void Only_the_last_256_ids_are_kept_and_found()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        for (int i = 0; i < 300; i++)
        {
            state = state.MarkProcessed(Alphabet[i]);
        }

        state.Processed.Should().HaveCount(DeviceState.ProcessedIdsKept);
        state.HasProcessed(Alphabet[299]).Should().BeTrue();
        state.HasProcessed(Alphabet[300 - DeviceState.ProcessedIdsKept]).Should().BeTrue();
        state.HasProcessed(Alphabet[299 - DeviceState.ProcessedIdsKept]).Should().BeFalse("it was dropped with the oldest");
    }

    [Test]
    public void A_stored_list_longer_than_256_keeps_its_last_256()
    {
        ProcessedIds ids = ProcessedIds.Create(Alphabet);
        ids.Should().Equal(Alphabet[^ProcessedIds.Capacity..]);
        ids[0].Should().Be(Alphabet[300 - ProcessedIds.Capacity]);
        FluentActions.Invoking(() => ids[ProcessedIds.Capacity]).Should().Throw<ArgumentException>();
    }

    [Test]
    public void Threads_adding_to_the_same_version_each_get_their_own_ids()
    {
        // One wins the slot after the shared window and writes in place; the others copy. Every result must hold exactly
        // the base ids and its own id, whatever the interleaving, and readers of the base never see a new id.
        for (int round = 0; round < 300; round++)
        {
            ProcessedIds start = ProcessedIds.Create([.. Alphabet.Take(round % 40)]);
            var results = new ProcessedIds[8];
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                results[i] = start.Add($"t{i}");
                start.Contains($"t{i}").Should().BeFalse();
            });

            for (int i = 0; i < results.Length; i++)
            {
                results[i].Should().Equal([.. start, $"t{i}"]);
                results[i].Contains($"t{(i + 1) % results.Length}").Should().BeFalse();
            }

            start.Count.Should().Be(round % 40);
        }
    }

    [Test]
    public void Ids_that_differ_only_in_length_or_trailing_characters_are_told_apart()
    {
        string[] ids = ["a", "a\0", "a\0\0", "", "123456789012345", "1234567890123456", "12345678901234", "é", "e"];
        ProcessedIds kept = ProcessedIds.Create(ids);
        kept.Should().Equal(ids);
        foreach (string id in ids)
        {
            ProcessedIds.Create([.. ids.Where(other => other != id)]).Contains(id).Should().BeFalse(id);
        }
    }

    [Test]
    public void States_with_the_same_ids_are_equal_however_their_lists_were_made()
    {
        DeviceState a = DeviceStateSamples.Typical(CipherSuite.Ecc).MarkProcessed("x").MarkProcessed("y");
        DeviceState b = a with { Processed = [.. a.Processed] };
        b.Processed.Should().NotBeSameAs(a.Processed);
        b.Should().Be(a);
        (a with { Processed = ProcessedIds.Empty.Add("y").Add("x") }).Should().NotBe(a, "the order is part of the value");
    }
}
