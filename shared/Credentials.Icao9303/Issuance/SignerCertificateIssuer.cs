using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// Issues signer certificates from verified PKCS#10 requests per Doc 9303 Part 12 §7.1.1 Table 6:
/// <list type="table">
/// <item><term>all kinds</term><description>KeyUsage digitalSignature (critical), AKI = issuing CSCA's SKI, SKI, PrivateKeyUsagePeriod; no BasicConstraints</description></item>
/// <item><term>Document / DTC Signer</term><description>Document Type List 2.23.136.1.1.6.2 (non-critical)</description></item>
/// <item><term>Master List Signer</term><description>ExtendedKeyUsage 2.23.136.1.1.3 (critical)</description></item>
/// <item><term>Deviation List Signer</term><description>ExtendedKeyUsage 2.23.136.1.1.8 (critical)</description></item>
/// </list>
/// The subject comes from the request with its countryName forced to the CSCA's (Part 12 §7.1.1: the country of
/// issuer and subject are the same); a request naming another country is rejected.
/// </summary>
public static class SignerCertificateIssuer
{
    private const string CountryOid = "2.5.4.6";

    /// <summary>Issues a signer certificate.</summary>
    /// <param name="requestDer">The DER PKCS#10 request.</param>
    /// <param name="template">Profile, validity, private key usage period and document types.</param>
    /// <param name="issuerCertificate">The issuing CSCA certificate (DER) of the key <paramref name="issuerSigner"/> holds.</param>
    /// <param name="issuerSigner">The CSCA key.</param>
    /// <param name="issuedAt">Issuance time: must lie inside the CSCA's private key usage period.</param>
    /// <param name="random">Source of the serial number.</param>
    /// <param name="cancellationToken">Cancels the signing call.</param>
    /// <returns>The DER certificate.</returns>
    /// <exception cref="IssuanceRejectedException">The request or the template is refused (see its reason).</exception>
    public static async Task<byte[]> IssueAsync(
        ReadOnlyMemory<byte> requestDer,
        SignerCertificateTemplate template,
        ReadOnlyMemory<byte> issuerCertificate,
        ICertificateSigner issuerSigner,
        DateTimeOffset issuedAt,
        RandomNumberGenerator random,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(issuerSigner);
        CertificationRequest request;
        try
        {
            request = CertificationRequest.Decode(requestDer);
        }
        catch (Icao9303FormatException ex)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.CsrMalformed, "The PKCS#10 request does not decode: " + ex.Message, ex);
        }

        if (!request.VerifySignature())
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.CsrSignatureInvalid, "The PKCS#10 request's signature does not verify with its public key.");
        }

        SignerKeyPolicy.Ensure(request.SubjectPublicKeyInfo);
        var issuer = X509CertificateParts.Decode(issuerCertificate);
        EnsureIssuer(issuer, issuedAt);
        EnsureTemplate(template, issuer);
        var issuerCountry = Pkd.Names.CountryOf(issuer.Subject)
            ?? throw new IssuanceRejectedException(IssuanceRejectedException.IssuerNotUsable, "The CSCA certificate has no countryName.");
        var subject = new X500DistinguishedName(SubjectWithCountry(request.Subject, issuerCountry));
        var publicKey = CscaCertificateIssuer.LoadPublicKey(request.SubjectPublicKeyInfo);

        var builder = new CertificateRequest(subject, publicKey, issuerSigner.Algorithm.Hash);
        var extensions = builder.CertificateExtensions;
        extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        extensions.Add(IcaoExtensions.AuthorityKeyIdentifier(issuer.SubjectKeyIdentifier!.Value.Span));
        extensions.Add(new X509SubjectKeyIdentifierExtension(IcaoExtensions.KeyIdentifier(publicKey), critical: false));
        extensions.Add(IcaoExtensions.PrivateKeyUsagePeriod(template.PrivateKeyUsageNotBefore, template.PrivateKeyUsageNotAfter));
        switch (template.Kind)
        {
            case SignerCertificateKind.DocumentSigner:
            case SignerCertificateKind.DtcSigner when template.DocumentTypes.Count > 0:
                extensions.Add(IcaoExtensions.DocumentTypeList(template.DocumentTypes));
                break;
            case SignerCertificateKind.MasterListSigner:
                // Part 12 §7.1.1 Table 6: Master List Signer — extKeyUsage id-icao-cscaMasterListSigningKey, critical.
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CertificateProfileLinter.MasterListSignerEku)], critical: true));
                break;
            case SignerCertificateKind.DeviationListSigner:
                // Part 12 §7.1.1 Table 6: Deviation List Signer — extKeyUsage id-icao-deviationListSigningKey, critical.
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CertificateProfileLinter.DeviationListSignerEku)], critical: true));
                break;
            case SignerCertificateKind.SealSigner:
                // Barcode (seal) signer (docs/seals.md): EKU 2.23.136.1.1.14.2, critical, so that no other role accepts it;
                // the Document Type List names the seal's document types (e.g. "V" for visas).
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(X509.CertificateRoleRule.SealSignerEku)], critical: true));
                if (template.DocumentTypes.Count > 0)
                {
                    extensions.Add(IcaoExtensions.DocumentTypeList(template.DocumentTypes));
                }

                break;
        }

        if (template.CrlDistributionPoints.Count > 0)
        {
            extensions.Add(IcaoExtensions.CrlDistributionPoints(template.CrlDistributionPoints));
        }

        return await IssuerSigning.CreateCertificateAsync(
            builder,
            new X500DistinguishedName(issuer.Subject.Span),
            IcaoExtensions.TruncateToSeconds(template.NotBefore),
            IcaoExtensions.TruncateToSeconds(template.NotAfter),
            CertificateSerialNumber.Create(random),
            issuerSigner,
            cancellationToken);
    }

    /// <summary>
    /// The request's subject Name with countryName set to <paramref name="country"/>: an equal country (ignoring case)
    /// is rewritten as the CSCA writes it, a missing one is added as the first RDN, another country is rejected.
    /// </summary>
    internal static byte[] SubjectWithCountry(ReadOnlyMemory<byte> subject, string country)
    {
        var rdns = new List<(byte[] Encoded, bool HasCountry)>();
        var countries = 0;
        var others = 0;
        try
        {
            var sequence = new AsnReader(subject, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var rdnBytes = sequence.PeekEncodedValue().ToArray();
                var set = sequence.ReadSetOf();
                var attributes = new List<(string Oid, byte[] Encoded)>();
                while (set.HasData)
                {
                    var attributeBytes = set.PeekEncodedValue().ToArray();
                    var attribute = set.ReadSequence();
                    var oid = attribute.ReadObjectIdentifier();
                    if (oid == CountryOid)
                    {
                        countries++;
                        var tag = attribute.PeekTag();
                        var value = tag.TagClass == TagClass.Universal
                            ? attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)
                            : throw new IssuanceRejectedException(IssuanceRejectedException.CsrSubjectInvalid, "countryName is not a string.");
                        if (!string.Equals(value, country, StringComparison.OrdinalIgnoreCase))
                        {
                            throw new IssuanceRejectedException(
                                IssuanceRejectedException.CsrSubjectInvalid,
                                $"The request's countryName {value} differs from the CSCA's {country}.");
                        }

                        attributes.Add((oid, CountryAttribute(country)));
                    }
                    else
                    {
                        others++;
                        attributes.Add((oid, attributeBytes));
                    }
                }

                var hasCountry = attributes.Any(a => a.Oid == CountryOid);
                rdns.Add((hasCountry ? Rdn(attributes.Select(a => a.Encoded)) : rdnBytes, hasCountry));
            }
        }
        catch (AsnContentException ex)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.CsrMalformed, "The request's subject is not a DER Name.", ex);
        }

        if (countries > 1)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.CsrSubjectInvalid, "The request's subject has more than one countryName.");
        }

        if (others == 0)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.CsrSubjectInvalid, "The request's subject must name the signer (e.g. a commonName).");
        }

        if (countries == 0)
        {
            rdns.Insert(0, (Rdn([CountryAttribute(country)]), true));
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var (encoded, _) in rdns)
            {
                writer.WriteEncodedValue(encoded);
            }
        }

        return writer.Encode();
    }

    private static byte[] CountryAttribute(string country)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CountryOid);
            writer.WriteCharacterString(UniversalTagNumber.PrintableString, country);
        }

        return writer.Encode();
    }

    private static byte[] Rdn(IEnumerable<byte[]> attributes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            foreach (var attribute in attributes)
            {
                writer.WriteEncodedValue(attribute);
            }
        }

        return writer.Encode();
    }

    private static void EnsureIssuer(X509CertificateParts issuer, DateTimeOffset issuedAt)
    {
        if (!issuer.IsCertificateAuthority || issuer.SubjectKeyIdentifier is null)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.IssuerNotUsable, "The issuer is not a CA certificate with a SubjectKeyIdentifier.");
        }

        foreach (var (oid, _, value) in issuer.Extensions)
        {
            if (oid != PrivateKeyUsagePeriod.Oid)
            {
                continue;
            }

            // Part 12 §5: a CSCA key signs certificates only during its private key usage period.
            var period = PrivateKeyUsagePeriod.Decode(value);
            if ((period.NotBefore is { } start && issuedAt < start) || (period.NotAfter is { } end && issuedAt > end))
            {
                throw new IssuanceRejectedException(IssuanceRejectedException.IssuerNotUsable, "The CSCA key is outside its private key usage period.");
            }
        }
    }

    private static void EnsureTemplate(SignerCertificateTemplate template, X509CertificateParts issuer)
    {
        if (!Enum.IsDefined(template.Kind))
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.FieldInvalid, $"Unknown signer kind {template.Kind}.");
        }

        ValidityRules.EnsurePeriods(template.NotBefore, template.NotAfter, template.PrivateKeyUsageNotBefore, template.PrivateKeyUsageNotAfter);
        // Part 12 §7.1.1: a signer certificate does not outlive the CSCA certificate that issued it.
        if (IcaoExtensions.TruncateToSeconds(template.NotAfter) > issuer.NotAfter || IcaoExtensions.TruncateToSeconds(template.NotBefore) < issuer.NotBefore)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.ValidityPeriodInvalid, "The signer validity must lie within the CSCA certificate's validity.");
        }

        if (template.Kind == SignerCertificateKind.DocumentSigner && template.DocumentTypes.Count == 0)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.DocumentTypeInvalid, "A Document Signer certificate needs at least one document type.");
        }

        // One rule: a Document Type List of only V types marks a DTC Signer (CertificateRoleRule), so a Document Signer
        // certificate with it would be refused by every verifier of the suite; it is not issued.
        if (template.Kind == SignerCertificateKind.DocumentSigner && CertificateRoleRule.IsDtcTypeList(template.DocumentTypes))
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.DocumentTypeInvalid,
                "A Document Signer certificate needs a document type other than V (a list of only V types marks a DTC Signer).");
        }

        foreach (var type in template.DocumentTypes)
        {
            // Part 12 §7.1.1.3: DocumentType ::= PrintableString(SIZE(1..2)), the first letters of the document code.
            if (type is not { Length: 1 or 2 } || !type.All(char.IsAsciiLetterUpper))
            {
                throw new IssuanceRejectedException(IssuanceRejectedException.DocumentTypeInvalid, "Document types are one or two upper-case letters.");
            }
        }
    }
}
