using Credentials.Storage.Migrations;
using Credentials.Storage.Postgres;

namespace Credentials.Storage.Tests;

public sealed class MigrationTests
{
    [Theory]
    [InlineData("signer/V0001__init.sql", 1, "init")]
    [InlineData("signer/V12__add_index_2.sql", 12, "add_index_2")]
    public void TryParse_WellFormedName_ReturnsVersionAndName(string resource, int version, string name)
    {
        Assert.True(MigrationScriptName.TryParse(resource, "signer", out var parsedVersion, out var parsedName));
        Assert.Equal(version, parsedVersion);
        Assert.Equal(name, parsedName);
    }

    [Theory]
    [InlineData("other/V0001__init.sql")]
    [InlineData("signer/V0000__init.sql")]
    [InlineData("signer/V0001_init.sql")]
    [InlineData("signer/V0001__.sql")]
    [InlineData("signer/v0001__init.sql")]
    [InlineData("signer/V00a1__init.sql")]
    [InlineData("signer/V0001__in-it.sql")]
    [InlineData("signer/V0001__init.txt")]
    [InlineData("signer/sub/V0001__init.sql")]
    public void TryParse_MalformedName_ReturnsFalse(string resource) =>
        Assert.False(MigrationScriptName.TryParse(resource, "signer", out _, out _));

    [Fact]
    public void Checksum_LineEndings_AreNormalised()
    {
        Assert.Equal(Migration.ComputeChecksum("a\nb\n"), Migration.ComputeChecksum("a\r\nb\r\n"));
        Assert.NotEqual(Migration.ComputeChecksum("a\nb\n"), Migration.ComputeChecksum("a\nb \n"));
        Assert.Equal(64, new Migration(1, "x", "SELECT 1").Checksum.Length);
    }

    [Fact]
    public void MigrationSource_DuplicateVersion_Throws()
    {
        var failure = Assert.Throws<StorageException>(() => new MigrationSource("svc", [new Migration(1, "a", "SELECT 1"), new Migration(1, "b", "SELECT 2")]));
        Assert.Equal(StorageErrorReason.InvalidMigration, failure.Reason);
    }

    [Fact]
    public void MigrationSource_UnorderedInput_IsOrderedByVersion()
    {
        var source = new MigrationSource("svc", [new Migration(3, "c", "SELECT 3"), new Migration(1, "a", "SELECT 1")]);
        Assert.Equal([1, 3], source.Migrations.Select(m => m.Version));
    }

    [Theory]
    [InlineData("signer", true)]
    [InlineData("_x1", true)]
    [InlineData("Signer", false)]
    [InlineData("1signer", false)]
    [InlineData("sig-ner", false)]
    [InlineData("sig\"ner", false)]
    [InlineData("pg_catalog", false)]
    [InlineData("", false)]
    public void IsValid_SchemaNames_AcceptsOnlySafeIdentifiers(string name, bool valid) =>
        Assert.Equal(valid, SchemaName.IsValid(name));

    [Fact]
    public void IsValid_TooLong_IsRejected() => Assert.False(SchemaName.IsValid(new string('a', 64)));

    [Fact]
    public void AdvisoryLockKey_SameSchema_IsStableAndDiffersPerSchema()
    {
        Assert.Equal(MigrationRunner.AdvisoryLockKey("signer"), MigrationRunner.AdvisoryLockKey("signer"));
        Assert.NotEqual(MigrationRunner.AdvisoryLockKey("signer"), MigrationRunner.AdvisoryLockKey("csca"));
    }
}
