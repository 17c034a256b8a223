using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Infrastructure;
using Credentials.Storage;

namespace Credentials.Pkd.Tests;

public sealed class PkdStoredCodesTests
{
    [Theory]
    [InlineData(SyncState.Pending, "PENDING")]
    [InlineData(SyncState.Running, "RUNNING")]
    [InlineData(SyncState.Succeeded, "SUCCEEDED")]
    [InlineData(SyncState.Failed, "FAILED")]
    public void Code_SyncState_IsTheMigrationsCodeAndRoundTrips(SyncState state, string code)
    {
        Assert.Equal(code, PkdStoredCodes.Code(state));
        Assert.Equal(state, PkdStoredCodes.SyncStateOf(code));
    }

    [Theory]
    [InlineData(ChangeType.Added, "ADDED")]
    [InlineData(ChangeType.Removed, "REMOVED")]
    [InlineData(ChangeType.Updated, "UPDATED")]
    public void Code_ChangeType_IsTheMigrationsCodeAndRoundTrips(ChangeType type, string code)
    {
        Assert.Equal(code, PkdStoredCodes.Code(type));
        Assert.Equal(type, PkdStoredCodes.ChangeTypeOf(code));
    }

    [Fact]
    public void Code_EveryDefinedEnumValue_HasADistinctCodeThatTheMigrationAllows()
    {
        // Every value a row can hold must be one the CHECK constraints of V0002 accept (kinds: the suite's CommonStoredCodes).
        var migration = File.ReadAllText(Path.Combine(RepositoryRoot(), "services/Credentials.Pkd/Infrastructure/Migrations/pkd/V0002__pkd_stable_codes.sql"));
        var states = Enum.GetValues<SyncState>().Where(s => s != SyncState.Unspecified).Select(PkdStoredCodes.Code).ToList();
        var kinds = Enum.GetValues<CertificateKind>().Where(k => k != CertificateKind.Unspecified).Select(CommonStoredCodes.Code).ToList();
        var types = Enum.GetValues<ChangeType>().Where(t => t != ChangeType.Unspecified).Select(PkdStoredCodes.Code).ToList();
        foreach (var codes in new[] { states, kinds, types })
        {
            Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
            Assert.All(codes, code => Assert.Contains($"'{code}'", migration, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("pending")]
    [InlineData("")]
    public void SyncStateOf_UnknownCode_Throws(string code)
    {
        Assert.Throws<InvalidOperationException>(() => PkdStoredCodes.SyncStateOf(code));
    }

    [Fact]
    public void Code_UnspecifiedValues_AreNeverStored()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PkdStoredCodes.Code(SyncState.Unspecified));
        Assert.Throws<ArgumentOutOfRangeException>(() => PkdStoredCodes.Code(ChangeType.Unspecified));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Credentials.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Credentials.sln not found above the test binaries.");
    }
}
