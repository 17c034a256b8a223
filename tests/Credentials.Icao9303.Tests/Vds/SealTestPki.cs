using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Vds;

namespace Credentials.Icao9303.Tests.Vds;

/// <summary>A throw-away CSCA with a seal signer, a Document Signer and a CRL, generated in memory per test class.</summary>
internal sealed class SealTestPki : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public SealTestPki()
    {
        CscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cscaRequest = new CertificateRequest("CN=CSCA Utopia, O=Utopia, C=UT", CscaKey, HashAlgorithmName.SHA256);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        cscaRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false));
        Csca = cscaRequest.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(10));

        SealSignerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SealSigner = Issue("CN=UTSS, O=Utopia, C=UT", SealSignerKey, [0x1A, 0x2B, 0x3C], sealSigner: true);
        DocumentSignerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DocumentSigner = Issue("CN=UTDS, O=Utopia, C=UT", DocumentSignerKey, [0x1A, 0x2B, 0x3D], sealSigner: false);
    }

    public ECDsa CscaKey { get; }

    public X509Certificate2 Csca { get; }

    public ECDsa SealSignerKey { get; }

    public X509Certificate2 SealSigner { get; }

    public ECDsa DocumentSignerKey { get; }

    public X509Certificate2 DocumentSigner { get; }

    /// <summary>A CRL of the CSCA revoking <paramref name="revokedSerials"/>.</summary>
    public byte[] Crl(params byte[][] revokedSerials)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var serial in revokedSerials)
        {
            builder.AddEntry(serial, Now.AddDays(-1));
        }

        return builder.Build(Csca, 1, Now.AddDays(30), HashAlgorithmName.SHA256, thisUpdate: Now.AddDays(-1));
    }

    /// <summary>A visa seal naming signer UTSS and certificate reference <paramref name="reference"/>, signed by <paramref name="key"/>.</summary>
    public static byte[] VisaSeal(ECDsa key, string reference = "1A2B3C", string signerIdentifier = "UTSS", Action<List<VdsFeature>>? edit = null)
    {
        var header = new VdsHeader
        {
            Version = VdsHeaderVersion.Version4,
            IssuingCountry = "UTO",
            SignerIdentifier = signerIdentifier,
            CertificateReference = reference,
            DocumentIssueDate = new DateOnly(2026, 12, 1),
            SignatureCreationDate = new DateOnly(2026, 12, 1),
            DocumentFeatureDefinitionReference = 0x5D,
            DocumentTypeCategory = 0x01,
        };
        var features = new List<VdsFeature>
        {
            VdsFeature.FromC40(0x01, "VCUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C<3UTO6908061F9406236"), // MRV-A, first 72 characters
            new(0x04, new byte[] { 30, 0, 0 }),
            VdsFeature.FromC40(0x05, "L898902C<"),
        };
        edit?.Invoke(features);
        var signedData = VisibleDigitalSeal.EncodeSignedData(header, features);
        var signature = key.SignData(signedData, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return VisibleDigitalSeal.Create(signedData, signature).Encode();
    }

    public void Dispose()
    {
        Csca.Dispose();
        SealSigner.Dispose();
        DocumentSigner.Dispose();
        CscaKey.Dispose();
        SealSignerKey.Dispose();
        DocumentSignerKey.Dispose();
    }

    private X509Certificate2 Issue(string subject, ECDsa key, byte[] serial, bool sealSigner)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Csca, true, false));
        if (!sealSigner)
        {
            // A Document Signer as issued: Document Type List (2.23.136.1.1.6.2) naming passports.
            var list = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (list.PushSequence())
            {
                list.WriteInteger(0);
                using (list.PushSetOf())
                {
                    list.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.PrintableString, "P");
                }
            }

            request.CertificateExtensions.Add(new X509Extension("2.23.136.1.1.6.2", list.Encode(), false));
        }
        else
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Credentials.Icao9303.X509.CertificateRoleRule.SealSignerEku)], true));
        }

        using var cert = request.Create(Csca, Now.AddMonths(-1), Now.AddYears(2), serial);
        return X509CertificateLoader.LoadCertificate(cert.RawData);
    }
}
