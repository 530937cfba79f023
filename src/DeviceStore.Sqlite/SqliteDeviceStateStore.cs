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
/// kilobytes. After a crash the file holds the previous state or the new one, never a mix. Not thread-safe (a device
/// saves from one place).
/// <para>
/// Integrity (issue 12): each row is a <see cref="SealedPart"/> — kind, save number, SHA-256 checksum — and the second
/// row carries the digest of the account row it was saved with. The file's <c>user_version</c> is 1 once a state was
/// saved into it. A load checks all of it; a flipped byte, a truncated file, rows from different saves, a missing row,
/// a format this store does not read, or a file SQLite cannot read is a <see cref="ProtocolException"/> with
/// <see cref="ProtocolErrorCode.StoreCorrupt"/> that says what was found — never a silently different state and never
/// a new device. One exception: a file truncated to zero bytes is an empty SQLite database, the same as a file created
/// and never saved into, and holds no state.
/// </para>
/// <para>
/// Durability: rollback journal (<c>journal_mode=TRUNCATE</c>: an empty journal file at rest, cheaper than creating and
/// deleting one every save) with <c>synchronous=FULL</c> by default
/// (<see cref="SqliteDurability"/>): a save returns only once it is on disk. At rest the whole state is in the one file the checksums cover; no <c>-wal</c> file outlives a
/// save, so a damaged write-ahead log cannot silently roll the device back to an older, self-consistent state (SQLite
/// drops WAL frames after a bad checksum without an error). A copy of an older file put in place of the current one
/// (a rollback of the whole file) is self-consistent and cannot be detected from the file alone: it needs a counter
/// kept elsewhere, such as the save number (<see cref="Generation"/>) reported to the server — not done here.
/// </para>
/// </summary>
public sealed class SqliteDeviceStateStore : IDeviceStateStore<DeviceState>, IDisposable
{
    private const string AccountPart = "account";
    private const string OthersPart = "others";

    /// <summary>The <c>user_version</c> of a file holding a sealed state (0: nothing saved yet).</summary>
    private const long StateFormat = SealedPart.Format;

    private static readonly byte[] NoBound = new byte[SealedPart.DigestLength];

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _write;
    private readonly SqliteParameter _part;
    private readonly SqliteParameter _blob;
    private Account? _savedAccount;
    private byte[]? _accountDigest;
    private bool _holdsState;
    private bool _disposed;

    /// <summary>Opens (creating if missing) the store file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="durability">What a save survives once it returns (default: a power cut).</param>
    /// <exception cref="ProtocolException"><see cref="ProtocolErrorCode.StoreCorrupt"/>: the file is not a SQLite
    /// database, SQLite finds it damaged, or its header and tables do not agree on whether it holds a state.</exception>
    /// <exception cref="SqliteException">The file cannot be opened (permissions, a missing directory, a full disk).</exception>
    public SqliteDeviceStateStore(string path, SqliteDurability durability = SqliteDurability.PowerLoss)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            _connection.Open();
            Execute("PRAGMA journal_mode=TRUNCATE;");
            Execute(durability == SqliteDurability.ProcessCrash ? "PRAGMA synchronous=OFF;" : "PRAGMA synchronous=FULL;");
            _holdsState = CheckFormat();
            _write = _connection.CreateCommand();
            _write.CommandText = "INSERT OR REPLACE INTO device_state_parts (part, blob) VALUES ($part, $blob);";
            _part = _write.Parameters.Add("$part", SqliteType.Text);
            _blob = _write.Parameters.Add("$blob", SqliteType.Blob);
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            _connection.Dispose();
            throw SealedPart.Corrupt(path, $"SQLite cannot read it (error {e.SqliteErrorCode}: {e.Message})", e);
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

    /// <summary>The number of the last save loaded or made (1 for a file's first save; 0 before any).</summary>
    public ulong Generation { get; private set; }

    /// <summary>The last saved state, or null for a file nothing was saved into.</summary>
    /// <exception cref="ProtocolException"><see cref="ProtocolErrorCode.StoreCorrupt"/>: see the type's remarks.</exception>
    public DeviceState? Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return LoadChecked();
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            throw SealedPart.Corrupt(Path, $"SQLite cannot read it (error {e.SqliteErrorCode}: {e.Message})", e);
        }
    }

    /// <summary>
    /// Replaces the stored state with <paramref name="state"/> in one transaction; on disk when it returns with
    /// <see cref="SqliteDurability.PowerLoss"/>, in the operating system's hands with <see cref="SqliteDurability.ProcessCrash"/>.
    /// </summary>
    public void Save(DeviceState state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(state);
        ulong generation = Generation + 1;
        // Accounts are immutable: the same reference is the same account, already on disk, so it is not even encoded.
        bool accountChanged = !ReferenceEquals(state.Account, _savedAccount) || _accountDigest is null;
        byte[] othersPayload = DeviceStateCodec.EncodeWithoutAccount(state);
        byte[]? accountBlob = null;
        byte[]? othersBlob = null;
        try
        {
            if (accountChanged)
            {
                byte[] accountPayload = DeviceStateCodec.EncodeAccount(state.Account);
                try
                {
                    accountBlob = SealedPart.Seal(SealedPart.Kind.Account, generation, NoBound, accountPayload);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(accountPayload); // private keys: no copy outlives the write
                }
            }

            byte[] accountDigest = accountBlob is null ? _accountDigest! : SealedPart.Digest(accountBlob);
            othersBlob = SealedPart.Seal(SealedPart.Kind.Others, generation, accountDigest, othersPayload);
            using (SqliteTransaction tx = _connection.BeginTransaction())
            {
                _write.Transaction = tx;
                if (accountBlob is not null)
                {
                    Write(AccountPart, accountBlob);
                }

                Write(OthersPart, othersBlob);
                if (!_holdsState)
                {
                    Execute($"PRAGMA user_version={StateFormat};", tx);
                }

                tx.Commit();
            }

            _accountDigest = accountDigest;
        }
        finally
        {
            _write.Transaction = null;
            _blob.Value = null;
            CryptographicOperations.ZeroMemory(othersPayload); // session keys: no copy outlives the write
            CryptographicOperations.ZeroMemory(othersBlob);
            CryptographicOperations.ZeroMemory(accountBlob);
        }

        _holdsState = true;
        Generation = generation;
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

    /// <summary>
    /// Whether the file holds a state, from its <c>user_version</c>, checked against its table (created for a new file).
    /// </summary>
    private bool CheckFormat()
    {
        long format = Convert.ToInt64(ScalarOf("PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        bool hasTable = Convert.ToInt64(ScalarOf("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'device_state_parts';"), System.Globalization.CultureInfo.InvariantCulture) == 1;
        if (format == 0)
        {
            if (hasTable && Convert.ToInt64(ScalarOf("SELECT count(*) FROM device_state_parts;"), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                throw SealedPart.Corrupt(Path, "it holds state rows but its header says nothing was saved (format 0: damaged, or written before integrity checks)");
            }

            Execute("CREATE TABLE IF NOT EXISTS device_state_parts (part TEXT PRIMARY KEY NOT NULL, blob BLOB NOT NULL);");
            return false;
        }

        if (format != StateFormat)
        {
            throw SealedPart.Corrupt(Path, $"its header says format {format}; this store reads format {StateFormat}");
        }

        if (!hasTable)
        {
            throw SealedPart.Corrupt(Path, "its header says a state was saved but the state table is not there");
        }

        return true;
    }

    private DeviceState? LoadChecked()
    {
        byte[]? account = Read(AccountPart);
        byte[]? others = Read(OthersPart);
        if (account is null && others is null)
        {
            return _holdsState ? throw SealedPart.Corrupt(Path, "its header says a state was saved but neither part is there") : null;
        }

        if (account is null || others is null)
        {
            throw SealedPart.Corrupt(Path, $"it holds the {(account is null ? OthersPart : AccountPart)} part without the {(account is null ? AccountPart : OthersPart)} part");
        }

        SealedPart.Opened? a = null;
        SealedPart.Opened? o = null;
        try
        {
            a = SealedPart.Open(SealedPart.Kind.Account, account, Path);
            o = SealedPart.Open(SealedPart.Kind.Others, others, Path);
            byte[] digest = SealedPart.Digest(account);
            if (!CryptographicOperations.FixedTimeEquals(digest, o.Bound) || a.Generation > o.Generation)
            {
                throw SealedPart.Corrupt(Path, $"its parts were not saved together (account of save {a.Generation}, the rest of save {o.Generation})");
            }

            DeviceState state = Decode(a.Payload, o.Payload);
            _savedAccount = state.Account;
            _accountDigest = digest;
            Generation = o.Generation;
            return state;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(a?.Payload);
            CryptographicOperations.ZeroMemory(o?.Payload);
            CryptographicOperations.ZeroMemory(account);
            CryptographicOperations.ZeroMemory(others);
        }
    }

    /// <summary>Decodes checked parts; one that still does not decode was written by another version or damaged in memory.</summary>
    private DeviceState Decode(byte[] account, byte[] others)
    {
        try
        {
            return DeviceStateCodec.DecodeSplit(account, others);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw SealedPart.Corrupt(Path, $"its checked parts do not decode ({e.Message})", e);
        }
    }

    /// <summary>
    /// SQLite errors that damage to the file produces: SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FORMAT, SQLITE_IOERR (a short
    /// read of a truncated file) and SQLITE_ERROR (a damaged schema that no longer names the table). A disk that fails
    /// to read also gives SQLITE_IOERR: the file cannot be trusted then either, so it is reported the same way.
    /// </summary>
    private static bool IsDamage(SqliteException e) => e.SqliteErrorCode is 1 or 10 or 11 or 24 or 26;

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

    private object? ScalarOf(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
    }
}
