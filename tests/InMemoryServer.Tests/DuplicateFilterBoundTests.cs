using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.State;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>
/// The server's memory of sent message ids is bounded in all (issue 17 §4): besides each sender's own window, at most
/// <see cref="DuplicateMessageFilter.GlobalCapacity"/> ids over all senders — the one recorded longest ago goes first,
/// a sender with no id left goes too — while a re-send of a recent id is still recognised, and a request that failed
/// after forcing an eviction is rolled back exactly.
/// </summary>
[TestFixture]
public sealed class DuplicateFilterBoundTests
{
    private static DeviceRecord Device(int i) => new()
    {
        Key = new DeviceKey($"u{i}", "1"),
        Address = Addresses.User("bound.example", $"u{i}", "1"),
        Token = $"t{i}",
        Suite = CipherSuite.Ecc,
        IdentityKey = new IdentityKeyPublic(),
        SignedPreKey = new SignedPreKeyPublic(),
        OneTimePreKeys = [],
        RegisteredAtMs = 0,
    };

    [Test]
    public void Ids_of_many_senders_stay_within_the_global_capacity_oldest_first()
    {
        var journal = new RequestJournal();
        var filter = new DuplicateMessageFilter(journal);
        DeviceRecord[] senders = [.. Enumerable.Range(0, 1000).Select(Device)];
        int total = DuplicateMessageFilter.GlobalCapacity + 5_000;
        for (int n = 0; n < total; n++)
        {
            filter.IsDuplicate(senders[n % senders.Length], $"m{n}").Should().BeFalse();
            journal.Commit();
        }

        filter.Count.Should().Be(DuplicateMessageFilter.GlobalCapacity);
        filter.IsDuplicate(senders[(total - 1) % senders.Length], $"m{total - 1}").Should().BeTrue("a re-send of the newest is still recognised");
        filter.IsDuplicate(senders[0], "m0").Should().BeFalse("the oldest id was forgotten");
    }

    [Test]
    public void A_sender_whose_ids_all_aged_out_is_forgotten()
    {
        var journal = new RequestJournal();
        var filter = new DuplicateMessageFilter(journal);
        filter.IsDuplicate(Device(-1), "early").Should().BeFalse();
        DeviceRecord busy = Device(1);
        for (int n = 0; n < DuplicateMessageFilter.GlobalCapacity; n++)
        {
            filter.IsDuplicate(busy, $"m{n}");
        }

        journal.Commit();
        filter.Senders.Should().Be(1, "the early sender's only id was the oldest over all");
        filter.Count.Should().Be(RecentMessageIds.Capacity, "the busy sender keeps its own window's worth");
    }

    [Test]
    public void A_failed_request_that_forced_an_eviction_leaves_everything_as_it_was()
    {
        var journal = new RequestJournal();
        var filter = new DuplicateMessageFilter(journal);
        DeviceRecord[] senders = [.. Enumerable.Range(0, 300).Select(Device)];
        for (int n = 0; n < DuplicateMessageFilter.GlobalCapacity; n++)
        {
            filter.IsDuplicate(senders[n % senders.Length], $"m{n}");
        }

        journal.Commit();
        List<string> before = [.. filter.Describe()];

        filter.IsDuplicate(Device(999), "new").Should().BeFalse();
        filter.Describe().Should().NotEqual(before);
        journal.RollBack().Should().BeNull();

        filter.Describe().Should().Equal(before);
        filter.IsDuplicate(senders[0], "m0").Should().BeTrue("the evicted id is back");
    }
}
