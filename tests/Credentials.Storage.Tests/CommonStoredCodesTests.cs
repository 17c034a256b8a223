using System.Reflection;
using System.Text.RegularExpressions;
using Credentials.Contracts.Common.V1;

namespace Credentials.Storage.Tests;

/// <summary>
/// Pins the stored strings of the common contract enums: the migrations' CHECK constraints name them, so a change here
/// would make every stored row unreadable (or every insert fail).
/// </summary>
public sealed partial class CommonStoredCodesTests
{
    private static readonly Dictionary<CertificateKind, string> PinnedKinds = new()
    {
        [CertificateKind.Csca] = "CSCA",
        [CertificateKind.Link] = "LINK",
        [CertificateKind.DocumentSigner] = "DOCUMENT_SIGNER",
        [CertificateKind.DtcSigner] = "DTC_SIGNER",
        [CertificateKind.MasterListSigner] = "MASTER_LIST_SIGNER",
        [CertificateKind.DeviationListSigner] = "DEVIATION_LIST_SIGNER",
        [CertificateKind.SealSigner] = "SEAL_SIGNER",
    };

    private static readonly Dictionary<RevocationReason, string> PinnedReasons = new()
    {
        [RevocationReason.Unspecified] = "UNSPECIFIED",
        [RevocationReason.KeyCompromise] = "KEY_COMPROMISE",
        [RevocationReason.CaCompromise] = "CA_COMPROMISE",
        [RevocationReason.AffiliationChanged] = "AFFILIATION_CHANGED",
        [RevocationReason.Superseded] = "SUPERSEDED",
        [RevocationReason.CessationOfOperation] = "CESSATION_OF_OPERATION",
        [RevocationReason.CertificateHold] = "CERTIFICATE_HOLD",
        [RevocationReason.RemoveFromCrl] = "REMOVE_FROM_CRL",
        [RevocationReason.PrivilegeWithdrawn] = "PRIVILEGE_WITHDRAWN",
        [RevocationReason.AaCompromise] = "AA_COMPROMISE",
    };

    [Fact]
    public void Code_EveryCertificateKind_IsThePinnedStringAndRoundTrips()
    {
        foreach (var kind in Enum.GetValues<CertificateKind>().Where(k => k != CertificateKind.Unspecified))
        {
            Assert.True(PinnedKinds.TryGetValue(kind, out var pinned), $"CertificateKind.{kind} has no pinned code: add it here and to the migrations' CHECK constraints.");
            Assert.Equal(pinned, CommonStoredCodes.Code(kind));
            Assert.Equal(kind, CommonStoredCodes.CertificateKindOf(pinned));
        }

        Assert.Equal(PinnedKinds.Count, PinnedKinds.Values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Code_EveryRevocationReason_IsThePinnedStringAndRoundTrips()
    {
        foreach (var reason in Enum.GetValues<RevocationReason>())
        {
            Assert.True(PinnedReasons.TryGetValue(reason, out var pinned), $"RevocationReason.{reason} has no pinned code: add it here and to the migrations' CHECK constraints.");
            Assert.Equal(pinned, CommonStoredCodes.Code(reason));
            Assert.Equal(reason, CommonStoredCodes.RevocationReasonOf(pinned));
        }

        Assert.Equal(PinnedReasons.Count, PinnedReasons.Values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Constants_LineageAndNoReason_AreThePinnedStrings()
    {
        Assert.Equal("('CSCA', 'LINK')", CommonStoredCodes.LineageKindsSql);
        Assert.Equal("UNSPECIFIED", CommonStoredCodes.NoReason);
        Assert.Equal(["CSCA", "LINK"], CommonStoredCodes.Codes([CertificateKind.Csca, CertificateKind.Link]));
    }

    [Fact]
    public void Code_UnspecifiedOrUndefinedKind_IsNeverStored()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CommonStoredCodes.Code(CertificateKind.Unspecified));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommonStoredCodes.Code((CertificateKind)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommonStoredCodes.Code((RevocationReason)7));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("csca")]
    [InlineData("UNSPECIFIED")]
    public void CertificateKindOf_UnknownCode_ThrowsInvalidOperation(string code)
    {
        Assert.Throws<InvalidOperationException>(() => CommonStoredCodes.CertificateKindOf(code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("key_compromise")]
    [InlineData("CSCA")]
    public void RevocationReasonOf_UnknownCode_ThrowsInvalidOperation(string code)
    {
        Assert.Throws<InvalidOperationException>(() => CommonStoredCodes.RevocationReasonOf(code));
    }

    [Theory]
    [InlineData("services/Credentials.Csca/Infrastructure/Migrations/csca/V0003__csca_stable_codes.sql", "kind")]
    [InlineData("services/Credentials.TrustAnchor/Infrastructure/Migrations/trust_anchor/V0004__trust_anchor_stable_codes.sql", "kind")]
    [InlineData("services/Credentials.Pkd/Infrastructure/Migrations/pkd/V0002__pkd_stable_codes.sql", "kind")]
    [InlineData("services/Credentials.Pkd/Infrastructure/Migrations/pkd/V0002__pkd_stable_codes.sql", "certificate_kind")]
    public void CheckConstraint_CertificateKindColumn_AllowsExactlyTheStoredCodes(string migration, string column)
    {
        var allowed = CheckedValues(migration, column);
        Assert.Equal(PinnedKinds.Values.Order(StringComparer.Ordinal), allowed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("services/Credentials.Csca/Infrastructure/Migrations/csca/V0003__csca_stable_codes.sql", "revocation_reason")]
    [InlineData("services/Credentials.TrustAnchor/Infrastructure/Migrations/trust_anchor/V0004__trust_anchor_stable_codes.sql", "reason")]
    public void CheckConstraint_RevocationReasonColumn_AllowsExactlyTheStoredCodes(string migration, string column)
    {
        var allowed = CheckedValues(migration, column);
        Assert.Equal(PinnedReasons.Values.Order(StringComparer.Ordinal), allowed.Order(StringComparer.Ordinal));
    }

    /// <summary>The string literals of <c>CHECK (column IN (…))</c> in one migration.</summary>
    private static List<string> CheckedValues(string migration, string column)
    {
        var root = typeof(CommonStoredCodesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var sql = File.ReadAllText(Path.Combine(root, migration));
        var check = new Regex(@"CHECK\s*\(\s*" + Regex.Escape(column) + @"\s+IN\s*\((?<values>[^)]*)\)", RegexOptions.Singleline).Match(sql);
        Assert.True(check.Success, $"{migration} has no CHECK ({column} IN (…))");
        return Literal().Matches(check.Groups["values"].Value).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Literal();
}
