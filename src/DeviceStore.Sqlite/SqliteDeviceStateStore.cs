using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.DeviceStore.Sqlite;

/// <summary>
/// A device's state in one SQLite file, in two rows written in one transaction: the account (identity, signed and
/// one-time pre-keys — most of the bytes, rarely changing) and everything else (sessions, groups, processed ids,
/// outbox). The account row is rewritten only when the account changed, so the usual save (one message) writes a few
/// kilobytes. After a crash the file holds the previous state or the new one, never a mix. WAL journal,
/// <c>synchronous=NORMAL</c>. Not thread-safe (a device saves from one place).
/// A file whose parts do not decode, or that holds one part without the other (both are written together, so only
/// damage or tampering does that), loads as a <see cref="ProtocolException"/> with
/// <see cref="ProtocolErrorCode.MalformedMessage"/>, never as a new device.
/// </summary>
public sealed class SqliteDeviceStateStore : IDeviceStateStore<DeviceState>, IDisposable
{
    private const string AccountPart = "account";
    private const string OthersPart = "others";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _write;
    private readonly SqliteParameter _part;
    private readonly SqliteParameter _blob;
    private Account? _savedAccount;
    private bool _disposed;

    /// <summary>Opens (creating if missing) the store file at <paramref name="path"/>.</summary>
    /// <exception cref="SqliteException">The file is not a SQLite database (<c>SqliteErrorCode</c> 26) or cannot be opened.</exception>
    public SqliteDeviceStateStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            _connection.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=NORMAL;");
            Execute("PRAGMA wal_autocheckpoint=8192;"); // fewer checkpoint fsyncs: a device writes small parts often
            Execute("CREATE TABLE IF NOT EXISTS device_state_parts (part TEXT PRIMARY KEY NOT NULL, blob BLOB NOT NULL);");
            _write = _connection.CreateCommand();
            _write.CommandText = "INSERT OR REPLACE INTO device_state_parts (part, blob) VALUES ($part, $blob);";
            _part = _write.Parameters.Add("$part", SqliteType.Text);
            _blob = _write.Parameters.Add("$blob", SqliteType.Blob);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>How many times the account row was written (the rest is written on every save).</summary>
    public long AccountWrites { get; private set; }

    /// <summary>The last saved state, or null for a file nothing was saved into.</summary>
    /// <exception cref="ProtocolException"><see cref="ProtocolErrorCode.MalformedMessage"/>: a part does not decode, or
    /// only one of the two parts is there.</exception>
    public DeviceState? Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[]? account = Read(AccountPart);
        byte[]? others = Read(OthersPart);
        if (account is null && others is null)
        {
            return null;
        }

        if (account is null || others is null)
        {
            throw new ProtocolException(
                ProtocolErrorCode.MalformedMessage,
                $"device state file {Path} holds the {(account is null ? OthersPart : AccountPart)} part without the {(account is null ? AccountPart : OthersPart)} part");
        }

        DeviceState state = DeviceStateCodec.DecodeSplit(account, others);
        _savedAccount = state.Account;
        return state;
    }

    /// <summary>Replaces the stored state with <paramref name="state"/> in one transaction.</summary>
    public void Save(DeviceState state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(state);
        // Accounts are immutable: the same reference is the same account, already on disk, so it is not even encoded.
        bool accountChanged = !ReferenceEquals(state.Account, _savedAccount);
        byte[] others = DeviceStateCodec.EncodeWithoutAccount(state);
        try
        {
            if (accountChanged)
            {
                byte[] account = DeviceStateCodec.EncodeAccount(state.Account);
                try
                {
                    using SqliteTransaction tx = _connection.BeginTransaction();
                    _write.Transaction = tx;
                    Write(AccountPart, account);
                    Write(OthersPart, others);
                    tx.Commit();
                    _write.Transaction = null;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(account); // private keys: no copy outlives the write
                }
            }
            else
            {
                Write(OthersPart, others); // one statement is its own atomic transaction
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(others); // session keys: no copy outlives the write
            _blob.Value = null;
        }

        if (accountChanged)
        {
            _savedAccount = state.Account;
            AccountWrites++;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _write.Dispose();
        _connection.Dispose();
    }

    private void Write(string part, byte[] blob)
    {
        _part.Value = part;
        _blob.Value = blob;
        _write.ExecuteNonQuery();
    }

    private byte[]? Read(string part)
    {
        using SqliteCommand read = _connection.CreateCommand();
        read.CommandText = "SELECT blob FROM device_state_parts WHERE part = $part;";
        read.Parameters.AddWithValue("$part", part);
        return read.ExecuteScalar() as byte[];
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
