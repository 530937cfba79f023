using E2eeConformance.Engine.Client;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>Events come at least once; the deduplicator lets an application take each once, per device, by id.</summary>
[TestFixture]
public sealed class StoredEventDeduplicatorTests
{
    private static StoredEvent E(string device, long id) => new(id, new HeartbeatReceived(device, id));

    [Test]
    public void An_event_is_new_once_and_a_repeat_or_an_older_id_of_the_same_device_is_not()
    {
        var dedup = new StoredEventDeduplicator();

        dedup.IsNew(E("a", 1)).Should().BeTrue();
        dedup.IsNew(E("a", 2)).Should().BeTrue();
        dedup.IsNew(E("a", 2)).Should().BeFalse("raised again after a restart");
        dedup.IsNew(E("a", 1)).Should().BeFalse();
        dedup.IsNew(E("a", 3)).Should().BeTrue();
        dedup.Duplicates.Should().Be(2);
    }

    [Test]
    public void Devices_are_counted_apart()
    {
        var dedup = new StoredEventDeduplicator();

        dedup.IsNew(E("a", 5)).Should().BeTrue();
        dedup.IsNew(E("b", 1)).Should().BeTrue("another device's ids start on their own");
        dedup.IsNew(E("b", 1)).Should().BeFalse();
        dedup.Duplicates.Should().Be(1);
    }
}
