using E2eeConformance.Engine.Client;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Seeds and member chains that arrive before the membership they belong to wait in the device's group, within bounds
/// (issue 11, docs/CONVERGENCE.md "what is held"): a copy of one already waiting takes no slot, and at the bound the
/// oldest goes, never the newest.
/// </summary>
public sealed class DeviceGroupPendingBoundsTests
{
    private static readonly DeviceGroup Group = DeviceGroup.Empty(new Wire.E2eeAddress { Domain = "example.org" });

    private static Wire.GroupPreKeyBundle Seed(int i) => new() { Version = "E2EE_PROTOCOL_V1", SessionId = $"seed-{i}", Sequence = (uint)i };

    private static Wire.GroupUpdateKeyBundle Update(int i) => new() { Version = "E2EE_PROTOCOL_V1", SessionId = $"session-{i}", Sequence = (uint)i };

    [Test]
    public void A_copy_of_a_waiting_seed_or_chain_takes_no_slot()
    {
        DeviceGroup g = Group.WithPendingSeed(Seed(1)).WithPendingSeed(Seed(1).Clone())
            .WithPendingUpdate(Update(1)).WithPendingUpdate(Update(1).Clone());

        g.PendingSeeds.Should().ContainSingle();
        g.PendingUpdates.Should().ContainSingle();
    }

    [Test]
    public void Seeds_beyond_the_bound_drop_the_oldest_and_keep_the_newest()
    {
        DeviceGroup g = Group;
        for (int i = 0; i <= DeviceGroup.MaxPendingSeeds; i++)
        {
            g = g.WithPendingSeed(Seed(i));
        }

        g.PendingSeeds.Should().HaveCount(DeviceGroup.MaxPendingSeeds);
        g.PendingSeeds.Should().NotContain(Seed(0), "the oldest seed goes");
        g.PendingSeeds[^1].Should().Be(Seed(DeviceGroup.MaxPendingSeeds), "the newest stays");
        g.PendingSeeds[0].Should().Be(Seed(1));
    }

    [Test]
    public void Member_chains_beyond_the_bound_drop_the_oldest_and_keep_the_newest()
    {
        DeviceGroup g = Group;
        for (int i = 0; i <= DeviceGroup.MaxPendingUpdates; i++)
        {
            g = g.WithPendingUpdate(Update(i));
        }

        g.PendingUpdates.Should().HaveCount(DeviceGroup.MaxPendingUpdates);
        g.PendingUpdates.Should().NotContain(Update(0), "the oldest chain goes");
        g.PendingUpdates[^1].Should().Be(Update(DeviceGroup.MaxPendingUpdates), "the newest stays");
    }

    [Test]
    public void Below_the_bound_nothing_is_dropped()
    {
        DeviceGroup g = Group;
        for (int i = 0; i < DeviceGroup.MaxPendingSeeds; i++)
        {
            g = g.WithPendingSeed(Seed(i));
        }

        g.PendingSeeds.Should().HaveCount(DeviceGroup.MaxPendingSeeds);
        g.PendingSeeds[0].Should().Be(Seed(0));
    }
}
