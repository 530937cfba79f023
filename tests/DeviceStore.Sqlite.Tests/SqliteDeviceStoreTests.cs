using System.Diagnostics;
using Microsoft.Data.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Client;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.DeviceStore.Sqlite.Tests;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="SqliteDeviceStore"/>: a device stopped and restarted gets exactly its state back from the file (same
/// bytes, and a state that goes on decrypting), an empty file holds nothing, the last save wins, and the file is the
/// schema the store promises (one row, WAL).
/// </summary>
public sealed class SqliteDeviceStoreTests
{
    private string _directory = string.Empty;

    private string DbPath => Path.Combine(_directory, "device.db");

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"e2ee-sqlite-store-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void A_new_file_holds_nothing()
    {
        using var store = new SqliteDeviceStore(DbPath);

        store.Load().Should().BeNull();
        store.SavedCount.Should().Be(0);
        File.Exists(DbPath).Should().BeTrue();
    }

    [Test]
    public void An_existing_empty_file_holds_nothing()
    {
        File.WriteAllBytes(DbPath, []);

        using var store = new SqliteDeviceStore(DbPath);

        store.Load().Should().BeNull();
    }

    [Test]
    public void A_saved_snapshot_loads_back()
    {
        byte[] snapshot = DeviceStateCodec.Encode(DeviceStateSamples.Typical(CipherSuite.Ecc));
        using var store = new SqliteDeviceStore(DbPath);

        store.Save(snapshot);

        store.Load().Should().Equal(snapshot);
    }

    [Test]
    public void An_empty_snapshot_is_not_mistaken_for_none()
    {
        using var store = new SqliteDeviceStore(DbPath);

        store.Save([]);

        store.Load().Should().NotBeNull().And.BeEmpty();
    }

    [Test]
    public void Saving_twice_keeps_only_the_last()
    {
        using var store = new SqliteDeviceStore(DbPath);
        store.Save([1, 2, 3]);
        store.Save([4, 5]);

        store.Load().Should().Equal(4, 5);
        store.SavedCount.Should().Be(2);
        using var connection = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM device_state;";
        count.ExecuteScalar().Should().Be(1L);
    }

    [Test]
    public void The_file_has_the_promised_schema_and_journal_mode()
    {
        using (var store = new SqliteDeviceStore(DbPath))
        {
            store.Save([9]);
        }

        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using SqliteCommand mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        mode.ExecuteScalar().Should().Be("wal");
        using SqliteCommand second = connection.CreateCommand();
        second.CommandText = "INSERT INTO device_state (id, snapshot, saved_count) VALUES (2, x'00', 1);";
        Action insert = () => second.ExecuteNonQuery();
        insert.Should().Throw<SqliteException>("the table holds one row, id 1");
    }

    [TestCase("ecc")]
    [TestCase("pqc")]
    public void A_device_stopped_and_restarted_gets_exactly_its_state_back(string suiteName)
    {
        CipherSuite suite = CipherSuite.TryParse(suiteName, out CipherSuite? s) ? s : throw new ArgumentException(suiteName);
        RichSample sample = DeviceStateSamples.Rich(suite, "sqlite restart");
        byte[] snapshot = DeviceStateCodec.Encode(sample.State);

        using (var running = new SqliteDeviceStore(DbPath))
        {
            running.Save(snapshot);
        }

        byte[]? loaded;
        using (var restarted = new SqliteDeviceStore(DbPath))
        {
            loaded = restarted.Load();
            restarted.SavedCount.Should().Be(1);
        }

        loaded.Should().NotBeNull();
        loaded!.AsSpan().SequenceEqual(snapshot).Should().BeTrue("the file gives back the saved bytes");
        DeviceState restored = DeviceStateCodec.Decode(loaded);
        DeviceStateCodec.Encode(restored).AsSpan().SequenceEqual(snapshot).Should().BeTrue("the restored state is the saved one");

        // And it goes on where it stopped: Bob's held-back one-to-one message and an in-flight group message decrypt.
        var session = (EstablishedSession)restored.PeerOf(TwoParties.BobAddress).Sessions[0];
        (EstablishedSession _, Wire.Plaintext text) = session.Decrypt(sample.HeldBack[0], new Engine.Ports.ReferenceStreamRandom("restart"));
        TwoParties.Text(text).Should().Be("b0");
        (GroupState _, GroupMember _, byte[] groupText) = restored.GroupOf(GroupParty.GroupAddress).Keys!.Decrypt(sample.InFlightBeforeAdd, GroupParty.NowMs);
        DeviceStateSamples.Text(groupText).Should().Be("before the add");
    }

    [Test]
    public void Two_hundred_saves_in_a_loop()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        byte[] snapshot = DeviceStateCodec.Encode(state);
        const int Saves = 200;
        using var store = new SqliteDeviceStore(DbPath);

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Saves; i++)
        {
            snapshot[^1] = (byte)i; // a different snapshot each time (the last byte of the last field)
            store.Save(snapshot);
        }

        clock.Stop();
        TestContext.Out.WriteLine(
            $"{Saves} saves of a {snapshot.Length:N0}-byte snapshot in {clock.Elapsed.TotalMilliseconds:F1} ms: {Saves / clock.Elapsed.TotalSeconds:F0} saves/second");
        store.SavedCount.Should().Be(Saves);
        store.Load().Should().Equal(snapshot);
    }

    [Test]
    public void Two_hundred_saves_of_a_pqc_state()
    {
        byte[] snapshot = DeviceStateCodec.Encode(DeviceStateSamples.Typical(CipherSuite.Pqc));
        const int Saves = 200;
        using var store = new SqliteDeviceStore(DbPath);

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Saves; i++)
        {
            snapshot[^1] = (byte)i;
            store.Save(snapshot);
        }

        clock.Stop();
        TestContext.Out.WriteLine(
            $"{Saves} saves of a {snapshot.Length:N0}-byte snapshot in {clock.Elapsed.TotalMilliseconds:F1} ms: {Saves / clock.Elapsed.TotalSeconds:F0} saves/second");
        store.Load().Should().Equal(snapshot);
    }

    [Test]
    public void A_disposed_store_refuses_to_work()
    {
        var store = new SqliteDeviceStore(DbPath);
        store.Dispose();
        store.Dispose();

        Action load = () => store.Load();
        load.Should().Throw<ObjectDisposedException>();
    }
}
