using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.X509;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HashAlgorithm = Credentials.Contracts.Common.V1.HashAlgorithm;
using SignatureScheme = Credentials.Contracts.Common.V1.SignatureScheme;
using VaultKeyAlgorithm = Credentials.KeyVault.KeyAlgorithm;

namespace Credentials.Csca.Application;

/// <summary>Translations between the contracts and the issuing/vault types, and the certificate and CRL summaries.</summary>
internal static class ContractMapping
{
    public static VaultKeyAlgorithm ToVault(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => VaultKeyAlgorithm.Rsa2048,
        KeyAlgorithm.Rsa3072 => VaultKeyAlgorithm.Rsa3072,
        KeyAlgorithm.Rsa4096 => VaultKeyAlgorithm.Rsa4096,
        KeyAlgorithm.EcP256 => VaultKeyAlgorithm.EcP256,
        KeyAlgorithm.EcP384 => VaultKeyAlgorithm.EcP384,
        KeyAlgorithm.EcP521 => VaultKeyAlgorithm.EcP521,
        KeyAlgorithm.BrainpoolP256R1 => VaultKeyAlgorithm.EcBrainpoolP256r1,
        KeyAlgorithm.BrainpoolP384R1 => VaultKeyAlgorithm.EcBrainpoolP384r1,
        KeyAlgorithm.BrainpoolP512R1 => VaultKeyAlgorithm.EcBrainpoolP512r1,
        _ => VaultKeyAlgorithm.Unspecified,
    };

    public static KeyAlgorithm FromVault(VaultKeyAlgorithm algorithm) => algorithm switch
    {
        VaultKeyAlgorithm.Rsa2048 => KeyAlgorithm.Rsa2048,
        VaultKeyAlgorithm.Rsa3072 => KeyAlgorithm.Rsa3072,
        VaultKeyAlgorithm.Rsa4096 => KeyAlgorithm.Rsa4096,
        VaultKeyAlgorithm.EcP256 => KeyAlgorithm.EcP256,
        VaultKeyAlgorithm.EcP384 => KeyAlgorithm.EcP384,
        VaultKeyAlgorithm.EcP521 => KeyAlgorithm.EcP521,
        VaultKeyAlgorithm.EcBrainpoolP256r1 => KeyAlgorithm.BrainpoolP256R1,
        VaultKeyAlgorithm.EcBrainpoolP384r1 => KeyAlgorithm.BrainpoolP384R1,
        VaultKeyAlgorithm.EcBrainpoolP512r1 => KeyAlgorithm.BrainpoolP512R1,
        _ => KeyAlgorithm.Unspecified,
    };

    /// <summary>
    /// The signature algorithm for a key: the requested hash, or by default SHA-256, SHA-384 for 384-bit curves and
    /// SHA-512 for 512/521-bit curves (the hash strength matches the curve, Doc 9303 Part 12 §4.1.1).
    /// </summary>
    public static IssuanceSignatureAlgorithm SignatureAlgorithmFor(VaultKeyAlgorithm key, HashAlgorithm hash, SignatureScheme scheme)
    {
        var hashName = hash switch
        {
            HashAlgorithm.Sha256 => HashAlgorithmName.SHA256,
            HashAlgorithm.Sha384 => HashAlgorithmName.SHA384,
            HashAlgorithm.Sha512 => HashAlgorithmName.SHA512,
            HashAlgorithm.Unspecified => key switch
            {
                VaultKeyAlgorithm.EcP384 or VaultKeyAlgorithm.EcBrainpoolP384r1 => HashAlgorithmName.SHA384,
                VaultKeyAlgorithm.EcP521 or VaultKeyAlgorithm.EcBrainpoolP512r1 => HashAlgorithmName.SHA512,
                _ => HashAlgorithmName.SHA256,
            },
            _ => throw CscaErrors.Invalid("HASH_ALGORITHM_NOT_ALLOWED", $"hash_algorithm {hash} is not used for new signatures (SHA-256, SHA-384 or SHA-512)."),
        };
        if (Credentials.KeyVault.KeyAlgorithms.IsEc(key))
        {
            if (scheme is SignatureScheme.RsaPkcs1V15 or SignatureScheme.RsaPss)
            {
                throw CscaErrors.FieldInvalid("signature_scheme", "an RSA scheme cannot be used with an EC key.");
            }

            return IssuanceSignatureAlgorithm.Ecdsa(hashName);
        }

        return scheme switch
        {
            SignatureScheme.RsaPss => IssuanceSignatureAlgorithm.RsaPss(hashName),
            SignatureScheme.Ecdsa => throw CscaErrors.FieldInvalid("signature_scheme", "ECDSA cannot be used with an RSA key."),
            _ => IssuanceSignatureAlgorithm.RsaPkcs1(hashName),
        };
    }

    public static SignatureScheme ToScheme(IssuanceSignatureKind kind) => kind switch
    {
        IssuanceSignatureKind.Ecdsa => SignatureScheme.Ecdsa,
        IssuanceSignatureKind.RsaPss => SignatureScheme.RsaPss,
        _ => SignatureScheme.RsaPkcs1V15,
    };

    public static CrlReason? ToCrlReason(RevocationReason reason) => reason switch
    {
        RevocationReason.Unspecified => null,
        RevocationReason.KeyCompromise => CrlReason.KeyCompromise,
        RevocationReason.CaCompromise => CrlReason.CACompromise,
        RevocationReason.AffiliationChanged => CrlReason.AffiliationChanged,
        RevocationReason.Superseded => CrlReason.Superseded,
        RevocationReason.CessationOfOperation => CrlReason.CessationOfOperation,
        RevocationReason.PrivilegeWithdrawn => CrlReason.PrivilegeWithdrawn,
        RevocationReason.AaCompromise => CrlReason.AACompromise,
        _ => throw CscaErrors.FieldInvalid("reason", $"{reason} is not issued by a CSCA (no suspension, no delta CRLs)."),
    };

    public static string Fingerprint(ReadOnlySpan<byte> der) => Convert.ToHexStringLower(SHA256.HashData(der));

    /// <summary>The summary of a certificate this service issued.</summary>
    public static Certificate Summarize(byte[] der, CertificateKind kind, DateTimeOffset now, DateTimeOffset? revokedAt)
    {
        var parts = X509CertificateParts.Decode(der);
        var summary = new Certificate
        {
            Der = ByteString.CopyFrom(der),
            FingerprintSha256 = Fingerprint(der),
            Subject = new X500DistinguishedName(parts.Subject.Span).Name,
            Issuer = new X500DistinguishedName(parts.Issuer.Span).Name,
            SerialNumber = Convert.ToHexStringLower(parts.SerialNumber.Span),
            NotBefore = Timestamp.FromDateTimeOffset(parts.NotBefore),
            NotAfter = Timestamp.FromDateTimeOffset(parts.NotAfter),
            SubjectKeyIdentifier = parts.SubjectKeyIdentifier is { } ski ? ByteString.CopyFrom(ski.Span) : ByteString.Empty,
            AuthorityKeyIdentifier = parts.AuthorityKeyIdentifier is { } aki ? ByteString.CopyFrom(aki.Span) : ByteString.Empty,
            Country = CountryOf(parts.Subject) ?? string.Empty,
            Kind = kind,
            Status = revokedAt is not null ? CertificateStatus.Revoked
                : now < parts.NotBefore ? CertificateStatus.NotYetValid
                : now > parts.NotAfter ? CertificateStatus.Expired
                : CertificateStatus.Valid,
        };
        using (var key = VerificationKey.FromSubjectPublicKeyInfo(parts.SubjectPublicKeyInfo))
        {
            summary.KeyDescription = key.Description;
            summary.KeyAlgorithm = key.IsRsa
                ? FromVault(Credentials.KeyVault.KeyAlgorithms.FromRsaModulusBits(key.KeySizeBits))
                : FromVault(Credentials.KeyVault.KeyAlgorithms.FromCurveOid(CurveOid(parts.SubjectPublicKeyInfo) ?? string.Empty));
        }

        foreach (var (oid, _, value) in parts.Extensions)
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

        return summary;
    }

    /// <summary>The summary of a CRL.</summary>
    public static Crl SummarizeCrl(byte[] der)
    {
        var crl = CertificateRevocationList.Decode(der);
        return new Crl
        {
            Der = ByteString.CopyFrom(der),
            FingerprintSha256 = Fingerprint(der),
            Issuer = crl.IssuerName,
            AuthorityKeyIdentifier = crl.AuthorityKeyIdentifier is { } aki ? ByteString.CopyFrom(aki.Span) : ByteString.Empty,
            CrlNumber = crl.CrlNumber is { } number ? CrlNumberHex((long)number) : string.Empty,
            ThisUpdate = Timestamp.FromDateTimeOffset(crl.ThisUpdate),
            NextUpdate = crl.NextUpdate is { } next ? Timestamp.FromDateTimeOffset(next) : null,
            Country = CountryOf(crl.Issuer) ?? string.Empty,
            RevokedCount = crl.RevokedCertificates.Count,
        };
    }

    /// <summary>cRLNumber as lowercase hex of the INTEGER content octets.</summary>
    public static string CrlNumberHex(long number)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteInteger(number);
        var reader = new AsnReader(writer.Encode(), AsnEncodingRules.DER);
        return Convert.ToHexStringLower(reader.ReadIntegerBytes().Span);
    }

    private static string? CountryOf(ReadOnlyMemory<byte> name)
    {
        foreach (var rdn in new X500DistinguishedName(name.Span).EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.6")
            {
                return rdn.GetSingleElementValue()?.ToUpperInvariant();
            }
        }

        return null;
    }

    private static string? CurveOid(ReadOnlyMemory<byte> spki)
    {
        var algorithm = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        algorithm.ReadObjectIdentifier();
        return algorithm.HasData && algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? algorithm.ReadObjectIdentifier() : null;
    }
}
