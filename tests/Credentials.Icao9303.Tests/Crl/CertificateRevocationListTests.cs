using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.Crl;

public sealed class CertificateRevocationListTests
{
    // file, revoked entries, CRL number, issuing CSCA serial (SOURCES.md §4).
    public static IEnumerable<ITheoryDataRow> RealCrls => IcaoVectors.Rows(new TheoryData<string, int, int, string>
    {
        { "zeropass/JPN.crl", 0, 65, "92" },
        { "zeropass/crl_ca_fp_277f80576b.crl", 18, 188, "4942CD00" },
        { "zeropass/crl_cn_fp_3d2e24fd5f.crl", 0, 64, "3E70C1832FC4AC7E" },
        { "zeropass/crl_cn_fp_7235893e75.crl", 0, 59, "5F" },
        { "zeropass/crl_cn_fp_814acc723b.crl", 3, 6059, "434E4353434100000006" },
        { "zeropass/crl_de_fp_e421c6cf21.crl", 0, 11, "042B" },
        { "zeropass/crl_gb_fp_85824ab57b.crl", 423, 459, "492EEB29" },
        { "zeropass/crl_us_fp_ec0ddb2ee9.crl", 0, 3084, "4E32D006" },
        { "zeropass/management_test.crl", 2, 42, "4F3582CD" },
        { "zienit/COL.crl", 15, 891, "55770B5A" },
    });

    [Theory]
    [MemberData(nameof(RealCrls))]
    public void Verify_RealCrl_VerifiesAgainstCscaFromMasterListsOrCscaFolder(string file, int revoked, int number, string cscaSerial)
    {
        var crl = CertificateRevocationList.Decode(TestVectors.Read(["crl", .. file.Split('/')]));

        var result = CrlVerifier.Verify(crl, TrustPool.All);

        Assert.True(result.IsValid, $"{result.FailureReason}: {result.FailureDetail}");
        Assert.Equal(CertificateRevocationList.NormalizeSerialHex(cscaSerial), CertificateRevocationList.NormalizeSerialHex(result.Issuer!.SerialNumberHex));
        Assert.Equal(revoked, crl.RevokedCertificates.Count);
        Assert.Equal(new BigInteger(number), crl.CrlNumber);
        Assert.Equal(2, crl.Version);
        Assert.NotNull(crl.NextUpdate);
        Assert.True(crl.NextUpdate > crl.ThisUpdate);
        Assert.True(crl.IsExpiredAt(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.All(crl.RevokedCertificates, r => Assert.True(crl.IsRevoked(r.SerialNumberHex)));
    }

    [Fact]
    public void Decode_CrlIssuedInThePast_ReadsThisUpdateNextUpdateAndIssuer()
    {
        // Dates and issuer as in the Japanese CRL of the corpus (UTCTime, whole seconds; RFC 5280 section 5.1.2.4-5),
        // on a CRL made here.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(key, [6, 5, 6], "CN=e-passportCSCA,OU=Test,O=Utopia,C=UT");
        var thisUpdate = new DateTimeOffset(2019, 6, 18, 4, 58, 40, TimeSpan.Zero);
        var nextUpdate = new DateTimeOffset(2019, 9, 15, 0, 0, 0, TimeSpan.Zero);
        var bytes = new CertificateRevocationListBuilder().Build(csca.SubjectName, X509SignatureGenerator.CreateForECDsa(key), 65, nextUpdate,
            HashAlgorithmName.SHA256, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false), thisUpdate);

        var crl = CertificateRevocationList.Decode(bytes);

        Assert.Equal(thisUpdate, crl.ThisUpdate);
        Assert.Equal(nextUpdate, crl.NextUpdate);
        Assert.Contains("e-passportCSCA", crl.IssuerName, StringComparison.Ordinal);
        Assert.True(crl.IsExpiredAt(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void FindRevoked_CrlWith423Entries_LooksUpAnyHexSpelling()
    {
        // As many entries as the real UK CRL of the corpus; made here, so the test needs no corpus.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(key, [7, 7, 7]);
        var builder = new CertificateRevocationListBuilder();
        for (var i = 1; i <= 423; i++)
        {
            builder.AddEntry(BitConverter.GetBytes(0x0A000000 + (i * 7919)).Reverse().ToArray(), DateTimeOffset.UtcNow.AddDays(-i));
        }

        var crl = CertificateRevocationList.Decode(builder.Build(csca, 459, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256));
        Assert.Equal(423, crl.RevokedCertificates.Count);
        var entry = crl.RevokedCertificates[200];

        Assert.Same(entry, crl.FindRevoked(entry.SerialNumberHex.ToLowerInvariant()));
        Assert.Same(entry, crl.FindRevoked("00" + entry.SerialNumberHex));
        Assert.Same(entry, crl.FindRevoked(Convert.FromHexString(entry.SerialNumberHex)));
        Assert.False(crl.IsRevoked("0123456789ABCDEF0123"));
    }

    [Fact]
    public void Verify_CrlOfAnotherState_FailsNameMismatch()
    {
        using var germanKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var usKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var german = CreateCsca(germanKey, [1, 1, 1], "CN=csca-germany,OU=bsi,O=bund,C=DE");
        using var us = CreateCsca(usKey, [2, 2, 2], "CN=MRTD CA,O=U.S. Government,C=US");
        var crl = CertificateRevocationList.Decode(new CertificateRevocationListBuilder().Build(german, 11, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256));

        var result = CrlVerifier.Verify(crl, X509CertificateParts.Decode(us.RawData));

        Assert.Equal("crl.issuer-name-mismatch", result.FailureReason);
    }

    [Fact]
    public void Verify_CrlSignedByWrongKey_FailsSignatureInvalid()
    {
        // Two CSCAs with the same name and SKI but different keys: the CRL is signed by the second, checked with the first.
        using var right = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wrong = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ski = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
        using var rightCert = CreateCsca(right, ski);
        using var wrongCert = CreateCsca(wrong, ski);
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(new byte[] { 0x12, 0x34 }, DateTimeOffset.UtcNow.AddDays(-1));
        var der = builder.Build(wrongCert, BigInteger.One, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256);
        var crl = CertificateRevocationList.Decode(der);

        var bad = CrlVerifier.Verify(crl, X509CertificateParts.Decode(rightCert.RawData));
        var good = CrlVerifier.Verify(crl, X509CertificateParts.Decode(wrongCert.RawData));

        Assert.Equal("crl.signature-invalid", bad.FailureReason);
        Assert.True(good.IsValid, good.FailureDetail);
        Assert.True(crl.IsRevoked("1234"));
    }

    [Fact]
    public void Verify_FlippedByteInSignature_Fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(key, [3, 3, 3]);
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(new byte[] { 0x42 }, DateTimeOffset.UtcNow.AddDays(-1));
        var bytes = builder.Build(csca, 891, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256);
        Assert.True(CrlVerifier.Verify(CertificateRevocationList.Decode(bytes), X509CertificateParts.Decode(csca.RawData)).IsValid);
        bytes[bytes.Length - 20] ^= 0x01; // inside the ECDSA signature value, the last element of the CRL

        var result = CrlVerifier.Verify(CertificateRevocationList.Decode(bytes), X509CertificateParts.Decode(csca.RawData));

        Assert.Equal("crl.signature-invalid", result.FailureReason);
    }

    [Fact]
    public void CheckSuccessor_CrlNumbers_MustIncrease()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(key, new byte[] { 9, 9, 9 });
        var first = CertificateRevocationList.Decode(new CertificateRevocationListBuilder().Build(csca, 5, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256));
        var second = CertificateRevocationList.Decode(new CertificateRevocationListBuilder().Build(csca, 6, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256));

        Assert.True(CrlVerifier.CheckSuccessor(first, second).IsValid);
        Assert.Equal("crl.number-not-increasing", CrlVerifier.CheckSuccessor(second, first).FailureReason);
        Assert.Equal("crl.number-not-increasing", CrlVerifier.CheckSuccessor(first, first).FailureReason);
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x00 })]
    [InlineData(new byte[] { 0x04, 0x01, 0x00 })]
    public void Decode_NotACrl_ThrowsWithReason(byte[] bytes)
    {
        var ex = Assert.Throws<Icao9303FormatException>(() => CertificateRevocationList.Decode(bytes));
        Assert.StartsWith("crl.", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TrailingData_Rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var csca = CreateCsca(key, [4, 4, 4]);
        var bytes = new CertificateRevocationListBuilder().Build(csca, 65, DateTimeOffset.UtcNow.AddDays(30), HashAlgorithmName.SHA256).Append((byte)0).ToArray();
        var ex = Assert.Throws<Icao9303FormatException>(() => CertificateRevocationList.Decode(bytes));
        Assert.Equal("crl.trailing-data", ex.Reason);
    }

    private static X509Certificate2 CreateCsca(ECDsa key, byte[] ski, string subject = "CN=Test CSCA,O=Test,C=XX")
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(ski, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }
}
