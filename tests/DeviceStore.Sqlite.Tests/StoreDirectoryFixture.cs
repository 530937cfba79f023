using Microsoft.Data.Sqlite;

namespace E2eeConformance.DeviceStore.Sqlite.Tests;

/// <summary>A fresh temporary directory per test for store files, deleted afterwards; <see cref="DbPath"/> is the device's file.</summary>
public abstract class StoreDirectoryFixture
{
    /// <summary>The test's directory.</summary>
    protected string Directory { get; private set; } = string.Empty;

    /// <summary>The device's store file in <see cref="Directory"/>.</summary>
    protected string DbPath => Path.Combine(Directory, "device.db");

    [SetUp]
    public void CreateDirectory()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"e2ee-sqlite-store-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
