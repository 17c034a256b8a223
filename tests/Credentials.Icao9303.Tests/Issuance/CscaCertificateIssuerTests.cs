using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.Issuance;

public sealed class CscaCertificateIssuerTests
{
    public static TheoryData<string> Algorithms => ["P-256", "P-384", "P-521", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1", "RSA-3072-PKCS1", "RSA-3072-PSS", "RSA-2048-PSS-SHA512"];

    internal static SoftwareCertificateSigner SignerFor(string algorithm) => algorithm switch
    {
        "P-256" => SoftwareCertificateSigner.Ec("1.2.840.10045.3.1.7", HashAlgorithmName.SHA256),
        "P-384" => SoftwareCertificateSigner.Ec("1.3.132.0.34", HashAlgorithmName.SHA384),
        "P-521" => SoftwareCertificateSigner.Ec("1.3.132.0.35", HashAlgorithmName.SHA512),
        "brainpoolP256r1" => SoftwareCertificateSigner.Ec("1.3.36.3.3.2.8.1.1.7", HashAlgorithmName.SHA256),
        "brainpoolP384r1" => SoftwareCertificateSigner.Ec("1.3.36.3.3.2.8.1.1.11", HashAlgorithmName.SHA384),
        "brainpoolP512r1" => SoftwareCertificateSigner.Ec("1.3.36.3.3.2.8.1.1.13", HashAlgorithmName.SHA512),
        "RSA-3072-PKCS1" => SoftwareCertificateSigner.Rsa(3072, pss: false, HashAlgorithmName.SHA256),
        "RSA-3072-PSS" => SoftwareCertificateSigner.Rsa(3072, pss: true, HashAlgorithmName.SHA256),
        "RSA-2048-PSS-SHA512" => SoftwareCertificateSigner.Rsa(2048, pss: true, HashAlgorithmName.SHA512),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task IssueSelfSignedAsync_EachAlgorithm_VerifiesWithOpenSslAndLintsClean(string algorithm)
    {
        using var openssl = OpenSsl.Create();
        using var signer = SignerFor(algorithm);

        var der = await IssuanceFixtures.SelfSignedAsync(signer);

        openssl.AssertVerifies(der, der, "csca");
        IssuanceFixtures.AssertLintsClean(der, CertificateProfile.Csca);
        Assert.Equal(CertificateProfile.Csca, CertificateProfileLinter.DetectProfile(X509CertificateParts.Decode(der)));
        Assert.True(SignatureVerifier.VerifyCertificateSignature(der, signer.SubjectPublicKeyInfo));
        Assert.Equal(1, signer.SignCount);
    }

    [Fact]
    public async Task IssueSelfSignedAsync_P256_HasTheCscaProfileExtensions()
    {
        using var signer = SoftwareCertificateSigner.P256();

        var der = await IssuanceFixtures.SelfSignedAsync(signer, "7");

        using var certificate = X509CertificateLoader.LoadCertificate(der);
        Assert.Equal(["2.5.4.6", "2.5.4.10", "2.5.4.11", "2.5.4.3", "2.5.4.5"], RdnTypes(certificate.SubjectName.RawData));
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(3, certificate.Version);

        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, keyUsage.KeyUsages);
        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(basic.Critical);
        Assert.True(basic.CertificateAuthority);
        Assert.True(basic.HasPathLengthConstraint);
        Assert.Equal(0, basic.PathLengthConstraint);
        var ski = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        Assert.True(aki.KeyIdentifier!.Value.Span.SequenceEqual(ski.SubjectKeyIdentifierBytes.Span));
        Assert.Equal(20, ski.SubjectKeyIdentifierBytes.Length);
        Assert.NotNull(certificate.Extensions["2.5.29.31"]);

        var pkup = PrivateKeyUsagePeriod.Decode(certificate.Extensions[PrivateKeyUsagePeriod.Oid]!.RawData);
        Assert.False(certificate.Extensions[PrivateKeyUsagePeriod.Oid]!.Critical);
        Assert.Equal(IssuanceFixtures.Now, pkup.NotBefore);
        Assert.Equal(IssuanceFixtures.Now.AddYears(5), pkup.NotAfter);
        Assert.Equal(IssuanceFixtures.Now.AddYears(15), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));

        var serial = certificate.SerialNumberBytes.Span;
        Assert.Equal(CertificateSerialNumber.Length, serial.Length);
        Assert.True(serial[0] is > 0 and < 0x80);
    }

    [Fact]
    public async Task IssueLinkAsync_NewKeyCertifiedByOld_ChainsNewToOld()
    {
        using var openssl = OpenSsl.Create();
        using var oldSigner = SoftwareCertificateSigner.P256();
        using var newSigner = SoftwareCertificateSigner.Ec("1.3.132.0.34", HashAlgorithmName.SHA384);
        var oldCsca = await IssuanceFixtures.SelfSignedAsync(oldSigner, "1");
        var newCsca = await IssuanceFixtures.SelfSignedAsync(newSigner, "2");

        var link = await CscaCertificateIssuer.IssueLinkAsync(
            IssuanceFixtures.CscaTemplate("2"), newSigner.SubjectPublicKeyInfo, oldCsca, oldSigner, IssuanceFixtures.Random, CancellationToken.None);

        openssl.AssertVerifies(oldCsca, link, "link");
        IssuanceFixtures.AssertLintsClean(link, CertificateProfile.Link);
        var linkParts = X509CertificateParts.Decode(link);
        var oldParts = X509CertificateParts.Decode(oldCsca);
        var newParts = X509CertificateParts.Decode(newCsca);
        Assert.Equal(CertificateProfile.Link, CertificateProfileLinter.DetectProfile(linkParts));
        Assert.True(linkParts.Subject.Span.SequenceEqual(newParts.Subject.Span));
        Assert.True(linkParts.Issuer.Span.SequenceEqual(oldParts.Subject.Span));
        Assert.True(linkParts.AuthorityKeyIdentifier!.Value.Span.SequenceEqual(oldParts.SubjectKeyIdentifier!.Value.Span));
        Assert.True(linkParts.SubjectKeyIdentifier!.Value.Span.SequenceEqual(newParts.SubjectKeyIdentifier!.Value.Span));
        Assert.True(linkParts.SubjectPublicKeyInfo.Span.SequenceEqual(newParts.SubjectPublicKeyInfo.Span));
        Assert.True(SignatureVerifier.VerifyCertificateSignature(link, oldSigner.SubjectPublicKeyInfo));
        Assert.False(SignatureVerifier.VerifyCertificateSignature(link, newSigner.SubjectPublicKeyInfo));
    }

    [Fact]
    public async Task IssueLinkAsync_OtherCountry_IsRejected()
    {
        using var oldSigner = SoftwareCertificateSigner.P256();
        using var newSigner = SoftwareCertificateSigner.P256();
        var oldCsca = await IssuanceFixtures.SelfSignedAsync(oldSigner);

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => CscaCertificateIssuer.IssueLinkAsync(
            IssuanceFixtures.CscaTemplate("2") with { Country = "BE" }, newSigner.SubjectPublicKeyInfo, oldCsca, oldSigner, IssuanceFixtures.Random, CancellationToken.None));

        Assert.Equal(IssuanceRejectedException.FieldInvalid, error.Reason);
    }

    [Fact]
    public async Task IssueSelfSignedAsync_KeyUsagePeriodOutsideValidity_IsRejected()
    {
        using var signer = SoftwareCertificateSigner.P256();
        var template = IssuanceFixtures.CscaTemplate() with { PrivateKeyUsageNotAfter = IssuanceFixtures.Now.AddYears(16) };

        var error = await Assert.ThrowsAsync<IssuanceRejectedException>(() => CscaCertificateIssuer.IssueSelfSignedAsync(
            template, signer.SubjectPublicKeyInfo, signer, IssuanceFixtures.Random, CancellationToken.None));

        Assert.Equal(IssuanceRejectedException.ValidityPeriodInvalid, error.Reason);
        Assert.Equal(0, signer.SignCount);
    }

    [Fact]
    public void CertificateSerialNumber_Create_IsPositiveSixteenOctetsAndUnique()
    {
        using var random = RandomNumberGenerator.Create();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            var serial = CertificateSerialNumber.Create(random);
            Assert.Equal(16, serial.Length);
            Assert.InRange(serial[0], 1, 0x7F);
            Assert.True(seen.Add(Convert.ToHexString(serial)));
        }
    }

    internal static List<string> RdnTypes(byte[] name)
    {
        var types = new List<string>();
        var rdns = new System.Formats.Asn1.AsnReader(name, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf();
            while (set.HasData)
            {
                types.Add(set.ReadSequence().ReadObjectIdentifier());
            }
        }

        return types;
    }
}
