using Microsoft.Data.Sqlite;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.DeviceStore.Sqlite;

/// <summary>
/// A device store in one SQLite file (seed 000 §Plugins, the database plugin handler): a single row holding the
/// device's latest snapshot (<see cref="Engine.Client.DeviceStateCodec"/> bytes) and how many times it was saved.
/// Each <see cref="Save"/> is one transaction, so after a crash the file holds either the previous snapshot or the new
/// one, never a mix. WAL journal with <c>synchronous=NORMAL</c>: a committed save survives a process crash; a power
/// loss may lose the last few saves but never corrupts the file. Keeps one connection open until disposed; not
/// thread-safe (a device saves from one place).
/// </summary>
public sealed class SqliteDeviceStore : IDeviceStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _load;
    private readonly SqliteCommand _save;
    private readonly SqliteParameter _snapshot;
    private bool _disposed;

    /// <summary>Opens (creating if missing) the store file at <paramref name="path"/>.</summary>
    public SqliteDeviceStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        _connection = new SqliteConnection(builder.ToString());
        try
        {
            _connection.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=NORMAL;");
            Execute("""
                CREATE TABLE IF NOT EXISTS device_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    snapshot BLOB NOT NULL,
                    saved_count INTEGER NOT NULL
                );
                """);

            _load = _connection.CreateCommand();
            _load.CommandText = "SELECT snapshot FROM device_state WHERE id = 1;";

            _save = _connection.CreateCommand();
            _save.CommandText = """
                INSERT OR REPLACE INTO device_state (id, snapshot, saved_count)
                VALUES (1, $snapshot, COALESCE((SELECT saved_count FROM device_state WHERE id = 1), 0) + 1);
                """;
            _snapshot = _save.Parameters.Add("$snapshot", SqliteType.Blob);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>How many snapshots were ever saved into this file (0 when none).</summary>
    public long SavedCount
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand count = _connection.CreateCommand();
            count.CommandText = "SELECT saved_count FROM device_state WHERE id = 1;";
            return count.ExecuteScalar() is long n ? n : 0;
        }
    }

    public byte[]? Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using SqliteDataReader reader = _load.ExecuteReader();
        return reader.Read() ? (byte[])reader.GetValue(0) : null;
    }

    public void Save(ReadOnlySpan<byte> snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using SqliteTransaction transaction = _connection.BeginTransaction();
        _save.Transaction = transaction;
        _snapshot.Value = snapshot.ToArray();
        try
        {
            _save.ExecuteNonQuery();
            transaction.Commit();
        }
        finally
        {
            _save.Transaction = null;
            _snapshot.Value = DBNull.Value;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _load.Dispose();
        _save.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
