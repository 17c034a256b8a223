using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Tests.PassiveAuthentication.Adversarial;

/// <summary>
/// The mutation test extended to the certificate fields that carry trust (issue 14 item 7): each mutation of a
/// genuine Document Signer certificate — keyUsage, basicConstraints, extendedKeyUsage, AuthorityKeyIdentifier, issuer,
/// validity, inner signature algorithm — is re-signed by the real CSCA (so the signature stays valid) and must fail
/// with its own reason.
/// </summary>
public sealed class CertificateFieldMutationTests
{
    public static TheoryData<string, string, string> Mutations() => new()
    {
        { "ku-keycertsign", "dsc.role", CertificateRoleRule.KeyUsageCertificateSigning },
        { "ku-crlsign", "dsc.role", CertificateRoleRule.KeyUsageCertificateSigning },
        { "ku-no-digital-signature", "dsc.role", CertificateRoleRule.KeyUsageNoDigitalSignature },
        { "bc-ca", "dsc.role", CertificateRoleRule.CaCertificate },
        { "eku-master-list", "dsc.role", CertificateRoleRule.ExtendedKeyUsageOtherRole },
        { "eku-deviation-list", "dsc.role", CertificateRoleRule.ExtendedKeyUsageOtherRole },
        { "doctype-dtc", "dsc.role", CertificateRoleRule.DocumentTypeOtherRole },
        { "aki-other-key", "chain.issuer", "chain.aki-mismatch" },
        { "issuer-other-name", "chain.issuer", "chain.issuer-name-mismatch" },
        { "validity-expired", "dsc.validity", "dsc.expired" },
        { "validity-not-yet", "dsc.validity", "dsc.not-yet-valid" },
        { "inner-algorithm", "dsc.profile", "x509.signature-algorithm-mismatch" },
        { "unknown-critical", "dsc.profile", "x509.unknown-critical-extension" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Verify_MutatedDocumentSignerField_FailsWithItsReason(string mutation, string check, string reason)
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();
        var dsc = Make(pki, key, mutation);

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, dsc));

        Assert.Equal(CheckStatus.Pass, result.Find("sod.signature")!.Status);
        Assert.Equal("chain.valid", result.Find("chain.csca")!.Reason);
        var found = result.Find(check)!;
        Assert.Equal(CheckStatus.Fail, found.Status);
        Assert.Equal(reason, found.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
    }

    [Fact]
    public void Verify_UnmutatedDocumentSigner_NoFailedCheck()
    {
        using var pki = new ForgeryPki();
        var key = pki.NewKey();

        var result = ForgeryPki.Verify([pki.Csca], ForgeryPki.Sod(ForgeryPki.DataGroups(), key, Make(pki, key, "none")));

        Assert.DoesNotContain(result.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, result.Verdict);
    }

    private static byte[] Make(ForgeryPki pki, ECDsa key, string mutation)
    {
        var ku = mutation switch
        {
            "ku-keycertsign" => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign,
            "ku-crlsign" => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.CrlSign,
            "ku-no-digital-signature" => X509KeyUsageFlags.NonRepudiation,
            _ => X509KeyUsageFlags.DigitalSignature,
        };
        var request = new CertificateRequest("CN=Utopia DS,O=Utopia,C=UT", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(ku, true));
        request.CertificateExtensions.Add(IcaoExtensions.DocumentTypeList([mutation == "doctype-dtc" ? "V" : "P"]));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        switch (mutation)
        {
            case "bc-ca":
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                break;
            case "eku-master-list":
                request.CertificateExtensions.Add(ForgeryPki.Eku(CertificateRoleRule.MasterListSignerEku));
                break;
            case "eku-deviation-list":
                request.CertificateExtensions.Add(ForgeryPki.Eku(CertificateRoleRule.DeviationListSignerEku));
                break;
            case "unknown-critical":
                request.CertificateExtensions.Add(ForgeryPki.UnknownCritical());
                break;
        }

        request.CertificateExtensions.Add(mutation == "aki-other-key"
            ? X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(new byte[20])
            : X509AuthorityKeyIdentifierExtension.CreateFromCertificate(pki.Csca, true, false));
        var (notBefore, notAfter) = mutation switch
        {
            "validity-expired" => (ForgeryPki.Now.AddYears(-3), ForgeryPki.Now.AddDays(-1)),
            "validity-not-yet" => (ForgeryPki.Now.AddDays(1), ForgeryPki.Now.AddYears(3)),
            _ => (ForgeryPki.Now.AddYears(-1), ForgeryPki.Now.AddYears(3)),
        };
        var issuerName = mutation == "issuer-other-name" ? new X500DistinguishedName("CN=Other CSCA,O=Utopia,C=UT") : pki.Csca.SubjectName;
        var generator = X509SignatureGenerator.CreateForECDsa(pki.CscaKey);
        using var certificate = request.Create(issuerName, generator, notBefore, notAfter, [0x51, 0x01]);
        return mutation == "inner-algorithm" ? WithInnerAlgorithm(certificate.RawData, pki.CscaKey) : certificate.RawData;
    }

    /// <summary>The certificate with tbsCertificate.signature set to ecdsa-with-SHA384, re-signed with SHA-256 (outer unchanged).</summary>
    private static byte[] WithInnerAlgorithm(byte[] der, ECDsa issuerKey)
    {
        var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();
        var outerAlgorithm = certificate.ReadEncodedValue();
        var tbsWriter = new AsnWriter(AsnEncodingRules.DER);
        using (tbsWriter.PushSequence())
        {
            tbsWriter.WriteEncodedValue(tbs.ReadEncodedValue().Span); // version
            tbsWriter.WriteEncodedValue(tbs.ReadEncodedValue().Span); // serialNumber
            tbs.ReadEncodedValue(); // signature: replaced
            using (tbsWriter.PushSequence())
            {
                tbsWriter.WriteObjectIdentifier("1.2.840.10045.4.3.3");
            }

            while (tbs.HasData)
            {
                tbsWriter.WriteEncodedValue(tbs.ReadEncodedValue().Span);
            }
        }

        var newTbs = tbsWriter.Encode();
        var signature = issuerKey.SignData(newTbs, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(newTbs);
            writer.WriteEncodedValue(outerAlgorithm.Span);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }
}
