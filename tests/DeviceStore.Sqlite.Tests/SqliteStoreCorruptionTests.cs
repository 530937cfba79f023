using Microsoft.Data.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Tests.Client;

namespace E2eeConformance.DeviceStore.Sqlite.Tests;

/// <summary>
/// Stores that detect corruption (issue 12 §6): every damaged file loads as <c>store_corrupt</c> or as the identical
/// state — never a silently different state, never a new device, never an untyped exception. The CI share flips every
/// <see cref="CiStride"/>th byte of the file; the opt-in soak (category "Soak") flips every byte.
/// </summary>
public sealed class SqliteStoreCorruptionTests : StoreDirectoryFixture
{
    /// <summary>The CI share flips one byte in this many (all bytes of the state rows are covered by the soak).</summary>
    private const int CiStride = 7;

    [Test]
    public void Every_seventh_flipped_byte_is_detected_or_loads_the_identical_state() => FlipSweep(CiStride);

    [Test]
    [Category("Soak")]
    public void Every_flipped_byte_is_detected_or_loads_the_identical_state() => FlipSweep(1);

    [Test]
    public void A_truncated_file_is_detected_or_loads_the_identical_state()
    {
        (byte[] original, byte[] expected) = SavedFile();
        var outcomes = new Outcomes();
        for (int length = original.Length - 1; length > 0; length -= length > original.Length - 64 ? 1 : 97)
        {
            outcomes.Add($"truncated to {length}", Attempt(original.AsSpan(0, length).ToArray(), expected));
        }

        outcomes.ShouldAllBeDetectedOrIdentical();
    }

    [Test]
    public void An_account_row_from_another_device_is_detected()
    {
        string other = Path.Combine(Directory, "other.db");
        using (var store = new SqliteDeviceStateStore(other))
        {
            store.Save(DeviceStateSamples.Typical(CipherSuite.Pqc));
        }

        SavedFile();
        byte[] foreignAccount = (byte[])Query(other, "SELECT blob FROM device_state_parts WHERE part = 'account';")!;
        using (var connection = Open(DbPath))
        using (SqliteCommand update = connection.CreateCommand())
        {
            update.CommandText = "UPDATE device_state_parts SET blob = $blob WHERE part = 'account';";
            update.Parameters.AddWithValue("$blob", foreignAccount);
            update.ExecuteNonQuery().Should().Be(1);
        }

        using var reopened = new SqliteDeviceStateStore(DbPath);
        Action load = () => reopened.Load();

        load.Should().Throw<ProtocolException>()
            .Where(e => e.Code == ProtocolErrorCode.StoreCorrupt && e.Detail.Contains("not saved together", StringComparison.Ordinal));
    }

    [TestCase("PRAGMA user_version=0;", "format 0")]
    [TestCase("PRAGMA user_version=2;", "format 2")]
    [TestCase("DROP TABLE device_state_parts;", "state table is not there")]
    [TestCase("DELETE FROM device_state_parts;", "neither part is there")]
    public void A_header_that_disagrees_with_the_rows_is_detected(string damage, string found)
    {
        SavedFile();
        using (var connection = Open(DbPath))
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = damage;
            command.ExecuteNonQuery();
        }

        Action openAndLoad = () =>
        {
            using var store = new SqliteDeviceStateStore(DbPath);
            store.Load();
        };

        openAndLoad.Should().Throw<ProtocolException>()
            .Where(e => e.Code == ProtocolErrorCode.StoreCorrupt && e.Detail.Contains(found, StringComparison.Ordinal));
    }

    [Test]
    public void The_save_number_goes_up_with_every_save_and_comes_back_on_load()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        using (var store = new SqliteDeviceStateStore(DbPath))
        {
            store.Generation.Should().Be(0);
            store.Save(state);
            store.Save(state);
            store.Save(state);
            store.Generation.Should().Be(3);
        }

        using var reopened = new SqliteDeviceStateStore(DbPath);
        DeviceState loaded = reopened.Load()!;
        reopened.Generation.Should().Be(3);
        reopened.Save(loaded);
        reopened.Generation.Should().Be(4);
        reopened.AccountWrites.Should().Be(0, "the loaded account is the saved one");
    }

    [TestCase(SqliteDurability.PowerLoss)]
    [TestCase(SqliteDurability.ProcessCrash)]
    public void Either_durability_keeps_the_same_checked_state(SqliteDurability durability)
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        using (var store = new SqliteDeviceStateStore(DbPath, durability))
        {
            store.Save(state);
        }

        JournalIsEmpty(DbPath).Should().BeTrue("the journal is emptied when the save commits");
        using var reopened = new SqliteDeviceStateStore(DbPath, durability);
        DeviceStateCodec.Encode(reopened.Load()!).Should().Equal(DeviceStateCodec.Encode(state));
    }

    private void FlipSweep(int stride)
    {
        (byte[] original, byte[] expected) = SavedFile();
        var outcomes = new Outcomes();
        for (int offset = 0; offset < original.Length; offset += stride)
        {
            byte[] damaged = (byte[])original.Clone();
            damaged[offset] ^= 0xFF;
            outcomes.Add($"byte {offset} flipped", Attempt(damaged, expected));
        }

        TestContext.Out.WriteLine($"{original.Length:N0}-byte file, stride {stride}: {outcomes}");
        outcomes.Detected.Should().BePositive("flips inside the state rows are caught");
        outcomes.ShouldAllBeDetectedOrIdentical();
    }

    /// <summary>Saves a typical state into a fresh file; its bytes at rest and the state's encoding.</summary>
    private (byte[] File, byte[] Expected) SavedFile()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);
        using (var store = new SqliteDeviceStateStore(DbPath))
        {
            store.Save(state);
        }

        JournalIsEmpty(DbPath).Should().BeTrue();
        return (File.ReadAllBytes(DbPath), DeviceStateCodec.Encode(state));
    }

    /// <summary>Loads <paramref name="bytes"/> as a store file: detected, identical, or what else happened.</summary>
    private string Attempt(byte[] bytes, byte[] expected)
    {
        string path = Path.Combine(Directory, "damaged.db");
        File.Delete(path + "-journal");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var store = new SqliteDeviceStateStore(path);
            DeviceState? loaded = store.Load();
            return loaded is not null && DeviceStateCodec.Encode(loaded).AsSpan().SequenceEqual(expected) ? "identical" : loaded is null ? "a new device" : "a different state";
        }
        catch (ProtocolException e) when (e.Code == ProtocolErrorCode.StoreCorrupt)
        {
            return "detected";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>No journal at rest, or an empty one (<c>journal_mode=TRUNCATE</c>): nothing a flip could roll back to.</summary>
    private static bool JournalIsEmpty(string path) => !File.Exists(path + "-journal") || new FileInfo(path + "-journal").Length == 0;

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Query(string path, string sql)
    {
        using SqliteConnection connection = Open(path);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>What each damaged file did.</summary>
    private sealed class Outcomes
    {
        private readonly List<string> _bad = [];

        public int Detected { get; private set; }

        public int Identical { get; private set; }

        public void Add(string what, string outcome)
        {
            switch (outcome)
            {
                case "detected":
                    Detected++;
                    break;
                case "identical":
                    Identical++;
                    break;
                default:
                    _bad.Add($"{what}: {outcome}");
                    break;
            }
        }

        public void ShouldAllBeDetectedOrIdentical() => _bad.Should().BeEmpty();

        public override string ToString() => $"{Detected} detected, {Identical} identical, {_bad.Count} otherwise";
    }
}
