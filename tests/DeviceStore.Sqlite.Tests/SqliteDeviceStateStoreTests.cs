using System.Diagnostics;
using Microsoft.Data.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Client;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.DeviceStore.Sqlite.Tests;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="SqliteDeviceStateStore"/>, the store devices use: a device stopped and restarted gets exactly its state
/// back from the file (same bytes, and a state that goes on decrypting), a new file holds no state, the last save wins,
/// the account row is written only when the account changed, and a damaged file is a typed error, never a new device.
/// </summary>
public sealed class SqliteDeviceStateStoreTests : StoreDirectoryFixture
{
    [Test]
    public void A_new_file_holds_no_state()
    {
        using var store = new SqliteDeviceStateStore(DbPath);

        store.Load().Should().BeNull();
        File.Exists(DbPath).Should().BeTrue();
    }

    [Test]
    public void An_existing_empty_file_holds_no_state()
    {
        File.WriteAllBytes(DbPath, []);

        using var store = new SqliteDeviceStateStore(DbPath);

        store.Load().Should().BeNull();
    }

    [Test]
    public void A_saved_state_loads_back_as_the_same_state()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        using var store = new SqliteDeviceStateStore(DbPath);

        store.Save(state);

        Bytes(store.Load()).Should().Equal(Bytes(state));
    }

    [TestCase("ecc")]
    [TestCase("pqc")]
    public void A_device_stopped_and_restarted_gets_exactly_its_state_back(string suiteName)
    {
        CipherSuite suite = CipherSuite.TryParse(suiteName, out CipherSuite? s) ? s : throw new ArgumentException(suiteName);
        RichSample sample = DeviceStateSamples.Rich(suite, "sqlite restart");

        using (var running = new SqliteDeviceStateStore(DbPath))
        {
            running.Save(sample.State);
        }

        DeviceState? restored;
        using (var restarted = new SqliteDeviceStateStore(DbPath))
        {
            restored = restarted.Load();
        }

        restored.Should().NotBeNull();
        Bytes(restored).Should().Equal(Bytes(sample.State), "the restored state is the saved one");

        // And it goes on where it stopped: Bob's held-back one-to-one message and an in-flight group message decrypt.
        var session = (EstablishedSession)restored!.PeerOf(TwoParties.BobAddress).Sessions[0];
        (EstablishedSession _, Wire.Plaintext text) = session.Decrypt(sample.HeldBack[0], new Engine.Ports.ReferenceStreamRandom("restart"));
        TwoParties.Text(text).Should().Be("b0");
        (GroupState _, GroupMember _, byte[] groupText) = restored.GroupOf(GroupParty.GroupAddress).Keys!.Decrypt(sample.InFlightBeforeAdd, GroupParty.NowMs);
        DeviceStateSamples.Text(groupText).Should().Be("before the add");
    }

    [Test]
    public void Saving_again_replaces_the_state()
    {
        DeviceState first = DeviceStateSamples.Typical(CipherSuite.Ecc);
        DeviceState second = first.Send(RequestType.ConsumeProtoMsg, new Wire.ConsumeProtoMsgRequest { ProtoMsgId = "proto-msg-last" });
        using var store = new SqliteDeviceStateStore(DbPath);

        store.Save(first);
        store.Save(second);

        Bytes(store.Load()).Should().Equal(Bytes(second));
        Scalar("SELECT COUNT(*) FROM device_state_parts;").Should().Be(2L, "one account row and one row for the rest");
    }

    [Test]
    public void The_account_row_is_written_only_when_the_account_changed()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        DeviceState otherAccount = DeviceStateSamples.Typical(CipherSuite.Ecc);
        using var store = new SqliteDeviceStateStore(DbPath);

        store.Save(state);
        store.Save(state.Send(RequestType.ConsumeProtoMsg, new Wire.ConsumeProtoMsgRequest { ProtoMsgId = "proto-msg-1" }));
        store.AccountWrites.Should().Be(1, "the account did not change");

        store.Save(otherAccount);
        store.AccountWrites.Should().Be(2);
        Bytes(store.Load()).Should().Equal(Bytes(otherAccount));
    }

    [Test]
    public void A_restarted_store_knows_the_account_it_loaded_is_saved()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        using (var running = new SqliteDeviceStateStore(DbPath))
        {
            running.Save(state);
        }

        using var restarted = new SqliteDeviceStateStore(DbPath);
        DeviceState loaded = restarted.Load()!;
        restarted.Save(loaded.Send(RequestType.ConsumeProtoMsg, new Wire.ConsumeProtoMsgRequest { ProtoMsgId = "proto-msg-2" }));

        restarted.AccountWrites.Should().Be(0);
    }

    [Test]
    public void The_file_has_the_promised_schema_and_journal_mode()
    {
        using (var store = new SqliteDeviceStateStore(DbPath))
        {
            store.Save(DeviceStateSamples.Typical(CipherSuite.Ecc));
        }

        Scalar("PRAGMA journal_mode;").Should().Be("delete", "the file is not in WAL mode (a rollback journal mode, TRUNCATE here, is chosen per connection)");
        File.ReadAllBytes(DbPath)[18].Should().Be(1, "the header's write version 1 is a rollback journal, 2 would be WAL");
        Scalar("PRAGMA user_version;").Should().Be(1L);
        File.Exists(DbPath + "-wal").Should().BeFalse("no write-ahead log outlives a save");
        Scalar("SELECT group_concat(part, ',') FROM (SELECT part FROM device_state_parts ORDER BY part);").Should().Be("account,others");
    }

    [TestCase("account", "garbage")]
    [TestCase("others", "garbage")]
    [TestCase("account", "truncated")]
    [TestCase("others", "truncated")]
    public void A_damaged_part_loads_as_a_corrupt_store_not_as_a_new_device(string part, string damage)
    {
        using (var store = new SqliteDeviceStateStore(DbPath))
        {
            store.Save(DeviceStateSamples.Typical(CipherSuite.Ecc));
        }

        Execute(
            damage == "garbage"
                ? "UPDATE device_state_parts SET blob = x'ffffffffffffffff' WHERE part = $part;"
                : "UPDATE device_state_parts SET blob = substr(blob, 1, length(blob) / 2) WHERE part = $part;",
            part);

        using var reopened = new SqliteDeviceStateStore(DbPath);
        Action load = () => reopened.Load();

        load.Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.StoreCorrupt);
    }

    [TestCase("account")]
    [TestCase("others")]
    public void A_file_with_one_part_missing_loads_as_a_corrupt_store(string missing)
    {
        using (var store = new SqliteDeviceStateStore(DbPath))
        {
            store.Save(DeviceStateSamples.Typical(CipherSuite.Ecc));
        }

        Execute("DELETE FROM device_state_parts WHERE part = $part;", missing);

        using var reopened = new SqliteDeviceStateStore(DbPath);
        Action load = () => reopened.Load();

        load.Should().Throw<ProtocolException>()
            .Where(e => e.Code == ProtocolErrorCode.StoreCorrupt && e.Detail.Contains($"without the {missing} part", StringComparison.Ordinal));
    }

    [Test]
    public void A_file_that_is_not_a_database_is_refused_when_opened()
    {
        File.WriteAllText(DbPath, string.Concat(Enumerable.Repeat("this is not a SQLite database. ", 200)));

        Action open = () => new SqliteDeviceStateStore(DbPath).Dispose();

        open.Should().Throw<ProtocolException>()
            .Where(e => e.Code == ProtocolErrorCode.StoreCorrupt && e.Detail.Contains("error 26", StringComparison.Ordinal), "SQLITE_NOTADB");
    }

    [Test]
    public void Two_hundred_saves_write_the_account_once()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Pqc);
        const int Saves = 200;
        using var store = new SqliteDeviceStateStore(DbPath);

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Saves; i++)
        {
            state = state.Send(RequestType.ConsumeProtoMsg, new Wire.ConsumeProtoMsgRequest { ProtoMsgId = $"proto-msg-{i}" });
            store.Save(state);
        }

        clock.Stop();
        TestContext.Out.WriteLine(
            $"{Saves} saves of a {Bytes(state).Length:N0}-byte PQC state in {clock.Elapsed.TotalMilliseconds:F1} ms: {Saves / clock.Elapsed.TotalSeconds:F0} saves/second");
        store.AccountWrites.Should().Be(1);
        Bytes(store.Load()).Should().Equal(Bytes(state));
    }

    [Test]
    public void A_disposed_store_refuses_to_work()
    {
        var store = new SqliteDeviceStateStore(DbPath);
        store.Dispose();
        store.Dispose();

        Action load = () => store.Load();
        Action save = () => store.Save(DeviceStateSamples.Typical(CipherSuite.Ecc));

        load.Should().Throw<ObjectDisposedException>();
        save.Should().Throw<ObjectDisposedException>();
    }

    private static byte[] Bytes(DeviceState? state) =>
        state is null ? throw new AssertionException("no state was loaded") : DeviceStateCodec.Encode(state);

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql, string part)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$part", part);
        command.ExecuteNonQuery().Should().Be(1, $"the {part} row exists");
    }
}
