using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Icao9303.X509;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.TrustAnchor.Application;

/// <summary>The contract summaries (<see cref="Certificate"/>, <see cref="Crl"/>) of decoded certificates and CRLs.</summary>
internal static class CertificateSummaries
{
    public static string Fingerprint(ReadOnlySpan<byte> der) => Convert.ToHexStringLower(SHA256.HashData(der));

    /// <summary>
    /// The role of a certificate in the Doc 9303 PKI (Part 12 section 7): a self-issued CA certificate whose signature
    /// verifies with its own key is a CSCA, another CA certificate is a link certificate, otherwise the profile the
    /// linter detects (Document Signer unless an EKU says Master/Deviation List Signer).
    /// </summary>
    public static CertificateKind Classify(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.IsCertificateAuthority)
        {
            return IsSelfSigned(certificate) ? CertificateKind.Csca : CertificateKind.Link;
        }

        // Doc 9303 Part 13 / VDS-NC: a barcode signer carries the seal signer EKU; it signs seals, never an EF.SOD.
        if (CertificateRoleRule.NamesSealSignerEku(certificate))
        {
            return CertificateKind.SealSigner;
        }

        return CertificateProfileLinter.DetectProfile(certificate) switch
        {
            CertificateProfile.MasterListSigner => CertificateKind.MasterListSigner,
            CertificateProfile.DeviationListSigner => CertificateKind.DeviationListSigner,
            CertificateProfile.DtcSigner => CertificateKind.DtcSigner,
            CertificateProfile.Csca => CertificateKind.Csca,
            CertificateProfile.Link => CertificateKind.Link,
            _ => CertificateKind.DocumentSigner,
        };
    }

    /// <summary>True when the certificate is self-issued and its signature verifies with its own key.</summary>
    public static bool IsSelfSigned(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.IsSelfIssued)
        {
            return false;
        }

        try
        {
            using var key = VerificationKey.FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo);
            return SignatureVerifier.VerifyCertificateSignature(certificate, key);
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }

    /// <summary>Status from the validity period at <paramref name="at"/>, or REVOKED.</summary>
    public static CertificateStatus StatusAt(X509CertificateParts certificate, DateTimeOffset at, bool revoked)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return revoked ? CertificateStatus.Revoked
            : at < certificate.NotBefore ? CertificateStatus.NotYetValid
            : at > certificate.NotAfter ? CertificateStatus.Expired
            : CertificateStatus.Valid;
    }

    public static Certificate Summarize(X509CertificateParts certificate, CertificateKind kind, CertificateStatus status)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var der = certificate.Encoded.Span;
        var summary = new Certificate
        {
            Der = ByteString.CopyFrom(der),
            FingerprintSha256 = Fingerprint(der),
            Subject = certificate.SubjectName,
            Issuer = certificate.IssuerName,
            SerialNumber = Convert.ToHexStringLower(certificate.SerialNumber.Span),
            NotBefore = Timestamp.FromDateTimeOffset(certificate.NotBefore),
            NotAfter = Timestamp.FromDateTimeOffset(certificate.NotAfter),
            SubjectKeyIdentifier = certificate.SubjectKeyIdentifier is { } ski ? ByteString.CopyFrom(ski.Span) : ByteString.Empty,
            AuthorityKeyIdentifier = certificate.AuthorityKeyIdentifier is { } aki ? ByteString.CopyFrom(aki.Span) : ByteString.Empty,
            Country = CscaMasterList.CountryOf(certificate)?.ToUpperInvariant() ?? string.Empty,
            Kind = kind,
            Status = status,
        };

        try
        {
            using var key = VerificationKey.FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo);
            summary.KeyDescription = key.Description;
            summary.KeyAlgorithm = KeyAlgorithmOf(key);
        }
        catch (Icao9303FormatException)
        {
            summary.KeyDescription = "unusable public key";
        }

        foreach (var (oid, _, value) in certificate.Extensions)
        {
            try
            {
                if (oid == PrivateKeyUsagePeriod.Oid)
                {
                    var period = PrivateKeyUsagePeriod.Decode(value);
                    summary.PrivateKeyUsageNotBefore = period.NotBefore is { } nb ? Timestamp.FromDateTimeOffset(nb) : null;
                    summary.PrivateKeyUsageNotAfter = period.NotAfter is { } na ? Timestamp.FromDateTimeOffset(na) : null;
                }
                else if (oid == DocumentTypeList.Oid)
                {
                    summary.DocumentTypes.AddRange(DocumentTypeList.Decode(value).DocumentTypes);
                }
            }
            catch (Icao9303FormatException)
            {
                // A malformed extension is the linter's finding; the summary leaves the field unset.
            }
        }

        return summary;
    }

    public static Crl Summarize(CertificateRevocationList crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        var der = crl.Encoded.Span;
        return new Crl
        {
            Der = ByteString.CopyFrom(der),
            FingerprintSha256 = Fingerprint(der),
            Issuer = crl.IssuerName,
            AuthorityKeyIdentifier = crl.AuthorityKeyIdentifier is { } aki ? ByteString.CopyFrom(aki.Span) : ByteString.Empty,
            CrlNumber = crl.CrlNumber is { } number ? Convert.ToHexStringLower(number.ToByteArray(isUnsigned: false, isBigEndian: true)) : string.Empty,
            ThisUpdate = Timestamp.FromDateTimeOffset(crl.ThisUpdate),
            NextUpdate = crl.NextUpdate is { } next ? Timestamp.FromDateTimeOffset(next) : null,
            Country = CountryOfName(crl.Issuer) ?? string.Empty,
            RevokedCount = crl.RevokedCertificates.Count,
        };
    }

    /// <summary>The key a CRL is filed under: its AKI in hex, or its issuer DN when it has none.</summary>
    public static string IssuerKey(CertificateRevocationList crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        return crl.AuthorityKeyIdentifier is { } aki ? Convert.ToHexStringLower(aki.Span) : "dn:" + crl.IssuerName;
    }

    public static KeyAlgorithm KeyAlgorithmOf(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.IsRsa)
        {
            return key.KeySizeBits switch
            {
                2048 => KeyAlgorithm.Rsa2048,
                3072 => KeyAlgorithm.Rsa3072,
                4096 => KeyAlgorithm.Rsa4096,
                _ => KeyAlgorithm.Unspecified,
            };
        }

        return key.CurveName switch
        {
            "secp256r1" => KeyAlgorithm.EcP256,
            "secp384r1" => KeyAlgorithm.EcP384,
            "secp521r1" => KeyAlgorithm.EcP521,
            "brainpoolP256r1" => KeyAlgorithm.BrainpoolP256R1,
            "brainpoolP384r1" => KeyAlgorithm.BrainpoolP384R1,
            "brainpoolP512r1" => KeyAlgorithm.BrainpoolP512R1,
            _ => KeyAlgorithm.Unspecified,
        };
    }

    /// <summary>The C attribute of a DER Name, upper case; null when absent or unreadable.</summary>
    public static string? CountryOfName(ReadOnlyMemory<byte> name)
    {
        try
        {
            var reader = new AsnReader(name, AsnEncodingRules.BER);
            var sequence = reader.ReadSequence();
            while (sequence.HasData)
            {
                var set = sequence.ReadSetOf(skipSortOrderValidation: true);
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    if (attribute.ReadObjectIdentifier() == "2.5.4.6")
                    {
                        var tag = attribute.PeekTag();
                        var value = attribute.ReadCharacterString(tag.TagValue == (int)UniversalTagNumber.UTF8String ? UniversalTagNumber.UTF8String : UniversalTagNumber.PrintableString);
                        return value.ToUpperInvariant();
                    }
                }
            }
        }
        catch (AsnContentException)
        {
            return null;
        }

        return null;
    }
}
