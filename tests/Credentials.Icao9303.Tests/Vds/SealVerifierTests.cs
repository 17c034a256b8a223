using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Vds;

namespace Credentials.Icao9303.Tests.Vds;

public sealed class SealVerifierTests : IDisposable
{
    private readonly SealTestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void Verify_AustralianVdsNc_ValidWithWarningForMissingCrl()
    {
        using var store = new PassiveAuthenticationTrustStore([PublicVdsNcSeals.Csca()]);
        using var verifier = new SealVerifier(store);

        var result = verifier.Verify(new SealVerificationRequest
        {
            Seal = Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination()),
            ValidationTime = new DateTimeOffset(2021, 11, 1, 0, 0, 0, TimeSpan.Zero),
        });

        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, result.Verdict);
        Assert.Equal(SealFormat.VdsNc, result.Format);
        Assert.Equal("seal.signature-valid", Check(result, "seal.signature").Reason);
        Assert.Equal("role.key-usage-absent", Check(result, "signer.role").Reason); // the AU Barcode Signer has no keyUsage: an allowed deviation
        Assert.Equal("chain.valid", Check(result, "chain.csca").Reason);
        Assert.Equal("crl.missing", Check(result, "crl.signer").Reason);
    }

    [Fact]
    public void Verify_AustralianVdsNcAltered_InvalidSignature()
    {
        using var store = new PassiveAuthenticationTrustStore([PublicVdsNcSeals.Csca()]);

        using var verifier = new SealVerifier(store);
        var result = verifier.Verify(new SealVerificationRequest
        {
            Seal = Encoding.UTF8.GetBytes(PublicVdsNcSeals.VaccinationAltered()),
            ValidationTime = new DateTimeOffset(2021, 11, 1, 0, 0, 0, TimeSpan.Zero),
        });

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-invalid", Check(result, "seal.signature").Reason);
    }

    [Fact]
    public void Verify_VisaSealBySealSignerWithCrl_Valid()
    {
        var result = Verify(SealTestPki.VisaSeal(_pki.SealSignerKey), _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Valid, result.Verdict);
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal("vds.profile-valid", Check(result, "seal.profile").Reason);
        Assert.Equal(_pki.SealSigner.RawData, result.SignerCertificate!.Encoded.ToArray());
    }

    [Fact]
    public void Verify_AlteredFeatureByte_InvalidSignature()
    {
        var seal = SealTestPki.VisaSeal(_pki.SealSignerKey);
        var passportNumberValue = Array.LastIndexOf(seal, (byte)0xFF) - 1;
        seal[passportNumberValue] ^= 0x01;

        var result = Verify(seal, _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-invalid", Check(result, "seal.signature").Reason);
    }

    [Fact]
    public void Verify_WrongSignerIdentifierCountry_SignerNotFoundIndeterminate()
    {
        var result = Verify(SealTestPki.VisaSeal(_pki.SealSignerKey, signerIdentifier: "XXSS"), _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("signer.not-found", Check(result, "seal.signer-certificate").Reason);
    }

    [Fact]
    public void Verify_WrongCertificateReference_SignerNotFoundIndeterminate()
    {
        var result = Verify(SealTestPki.VisaSeal(_pki.SealSignerKey, reference: "99"), _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Indeterminate, result.Verdict);
        Assert.Equal("signer.not-found", Check(result, "seal.signer-certificate").Reason);
    }

    [Fact]
    public void Verify_SignedByDocumentSigner_InvalidRole()
    {
        var result = Verify(SealTestPki.VisaSeal(_pki.DocumentSignerKey, reference: "1A2B3D"), _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(CheckStatus.Pass, Check(result, "seal.signature").Status);
        Assert.Equal("role.document-type-other-role", Check(result, "signer.role").Reason);
    }

    [Fact]
    public void Verify_SignedByCsca_InvalidRole()
    {
        var reference = _pki.Csca.SerialNumber.TrimStart('0');
        using var verifier = new SealVerifier(Store(_pki.Crl(), out var store));
        using (store)
        {
            var result = verifier.Verify(new SealVerificationRequest
            {
                Seal = SealTestPki.VisaSeal(_pki.CscaKey, reference: reference.Length > 255 ? reference[..255] : reference),
                SignerCertificates = [_pki.Csca.RawData],
                ValidationTime = SealTestPki.Now,
            });

            Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
            Assert.Equal(CheckStatus.Pass, Check(result, "seal.signature").Status);
            Assert.Equal("role.ca-certificate", Check(result, "signer.role").Reason);
        }
    }

    [Fact]
    public void Verify_RevokedSealSigner_InvalidCrl()
    {
        var result = Verify(SealTestPki.VisaSeal(_pki.SealSignerKey), _pki.Crl([0x1A, 0x2B, 0x3C]));

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("crl.revoked", Check(result, "crl.signer").Reason);
    }

    [Fact]
    public void Verify_UnknownFeatureTag_InvalidProfile()
    {
        var seal = SealTestPki.VisaSeal(_pki.SealSignerKey, edit: f => f.Add(new VdsFeature(0x42, new byte[] { 1 })));

        var result = Verify(seal, _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("vds.feature-unknown", Check(result, "seal.profile").Reason);
        Assert.Equal(CheckStatus.Pass, Check(result, "seal.signature").Status);
    }

    [Fact]
    public void Verify_OversizedFeature_InvalidProfile()
    {
        var seal = SealTestPki.VisaSeal(_pki.SealSignerKey, edit: f => f.Add(new VdsFeature(0x07, new byte[300])));

        var result = Verify(seal, _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("vds.feature-length", Check(result, "seal.profile").Reason);
    }

    [Fact]
    public void Verify_OversizedSeal_InvalidStructure()
    {
        var result = Verify(new byte[VisibleDigitalSeal.MaxEncodedLength + 1].Select((_, i) => i == 0 ? (byte)0xDC : (byte)0).ToArray(), _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("vds.too-large", Check(result, "seal.structure").Reason);
    }

    [Theory]
    [InlineData(10, "vds.truncated")]
    [InlineData(25, "vds.truncated")]
    [InlineData(-10, "vds.truncated")]
    [InlineData(-64, "vds.truncated")]
    public void Verify_TruncatedZone_InvalidStructure(int cut, string reason)
    {
        var seal = SealTestPki.VisaSeal(_pki.SealSignerKey);
        var truncated = cut > 0 ? seal[..cut] : seal[..^(-cut)];

        var result = Verify(truncated, _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal(reason, Check(result, "seal.structure").Reason);
    }

    [Fact]
    public void Verify_NeitherVdsNorVdsNc_InvalidFormat()
    {
        var result = Verify([0x01, 0x02], _pki.Crl());

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.format-unknown", Check(result, "seal.structure").Reason);
    }

    [Fact]
    public void Verify_SealSignerWithUnknownCriticalExtension_InvalidByPassiveAuthenticationPathRule()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = IssueSealSigner(key, [0x77], request => request.CertificateExtensions.Add(new X509Extension("1.2.3.4.5", [0x05, 0x00], true)));

        var result = VerifyWith(SealTestPki.VisaSeal(key, reference: "77"), signer.RawData);

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("seal.signature-valid", Check(result, "seal.signature").Reason);
        Assert.Equal("chain.valid", Check(result, "chain.csca").Reason);
        Assert.Equal("x509.unknown-critical-extension", Check(result, "signer.profile").Reason);
    }

    [Fact]
    public void Verify_SealSignerAuthorityKeyIdentifierNamesOtherKey_InvalidChainIssuer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = IssueSealSigner(key, [0x78], request => request.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })));

        var result = VerifyWith(SealTestPki.VisaSeal(key, reference: "78"), signer.RawData);

        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("chain.aki-mismatch", Check(result, "chain.issuer").Reason);
        Assert.Equal("role.ok", Check(result, "signer.role").Reason);
    }

    private X509Certificate2 IssueSealSigner(ECDsa key, byte[] serial, Action<CertificateRequest> extend)
    {
        var request = new CertificateRequest("CN=UTSS, O=Utopia, C=UT", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Credentials.Icao9303.X509.CertificateRoleRule.SealSignerEku)], true));
        extend(request);
        using var cert = request.Create(_pki.Csca, SealTestPki.Now.AddMonths(-1), SealTestPki.Now.AddYears(1), serial);
        return X509CertificateLoader.LoadCertificate(cert.RawData);
    }

    private SealVerificationResult VerifyWith(byte[] seal, byte[] signer)
    {
        using var store = new PassiveAuthenticationTrustStore([_pki.Csca.RawData], [_pki.Crl()]);
        using var verifier = new SealVerifier(store);
        return verifier.Verify(new SealVerificationRequest { Seal = seal, SignerCertificates = [signer], ValidationTime = SealTestPki.Now });
    }

    private static PassiveAuthenticationCheck Check(SealVerificationResult result, string name) => Assert.Single(result.Checks, c => c.Name == name);

    private PassiveAuthenticationTrustStore Store(byte[] crl, out PassiveAuthenticationTrustStore store)
    {
        store = new PassiveAuthenticationTrustStore([_pki.Csca.RawData], [crl]);
        return store;
    }

    private SealVerificationResult Verify(byte[] seal, byte[] crl)
    {
        using var store = new PassiveAuthenticationTrustStore([_pki.Csca.RawData], [crl]);
        using var verifier = new SealVerifier(store);
        return verifier.Verify(new SealVerificationRequest
        {
            Seal = seal,
            SignerCertificates = [_pki.SealSigner.RawData, _pki.DocumentSigner.RawData],
            ValidationTime = SealTestPki.Now,
        });
    }
}
