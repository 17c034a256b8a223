using System.Formats.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.X509;

/// <summary>
/// The rules every certificate profile shares (Doc 9303 Part 12 §7.1.1, RFC 5280 §4.1): version 3, a positive serial
/// of at most 20 octets, a validity period, issuer and subject countryName equal, a signature algorithm of Part 12 §4,
/// a usable public key, no unknown critical or duplicate extension, a well-formed non-critical PrivateKeyUsagePeriod.
/// </summary>
internal static class CertificateBaselineRules
{
    private const string CertificatePoliciesOid = "2.5.29.32";
    private const string CrlDistributionPointsOid = "2.5.29.31";
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string IssuerAltNameOid = "2.5.29.18";

    private static readonly HashSet<string> KnownExtensions = new(StringComparer.Ordinal)
    {
        Oids.SubjectKeyIdentifier, Oids.KeyUsage, Oids.BasicConstraints, Oids.AuthorityKeyIdentifier,
        Oids.ExtendedKeyUsage, PrivateKeyUsagePeriod.Oid, DocumentTypeList.Oid, CertificateProfileLinter.NameChangeOid,
        CertificatePoliciesOid, CrlDistributionPointsOid, SubjectAltNameOid, IssuerAltNameOid,
    };

    public static void Lint(X509CertificateParts certificate, LintedExtensions extensions, List<LintFinding> findings)
    {
        if (certificate.Version != 3)
        {
            findings.Add(new("X509-VER-01", LintSeverity.Error, $"Certificate is v{certificate.Version}; Doc 9303 requires v3."));
        }

        var serial = certificate.SerialNumber.Span;
        if (!serial.IsEmpty && (serial[0] & 0x80) != 0)
        {
            findings.Add(new("X509-SER-01", LintSeverity.Warning,
                "Known deviation: negative serial number (RFC 5280 §4.1.2.2 requires a positive integer)."));
        }
        else if (serial.Length > 20)
        {
            findings.Add(new("X509-SER-02", LintSeverity.Warning, $"Serial number is {serial.Length} octets; RFC 5280 allows at most 20."));
        }

        if (certificate.NotAfter <= certificate.NotBefore)
        {
            findings.Add(new("X509-VAL-01", LintSeverity.Error, "notAfter is not after notBefore."));
        }

        if (CountryOf(certificate.Issuer) is not { } issuerCountry)
        {
            findings.Add(new("X509-DN-01", LintSeverity.Error, "Issuer has no countryName (Doc 9303 Part 12 §7.1.1)."));
        }
        else if (CountryOf(certificate.Subject) is not { } subjectCountry)
        {
            findings.Add(new("X509-DN-02", LintSeverity.Error, "Subject has no countryName (Doc 9303 Part 12 §7.1.1)."));
        }
        else if (!string.Equals(issuerCountry, subjectCountry, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new("X509-DN-03", LintSeverity.Error, $"Subject country {subjectCountry} differs from issuer country {issuerCountry}."));
        }
        else if (!string.Equals(issuerCountry, subjectCountry, StringComparison.Ordinal))
        {
            findings.Add(new("X509-DN-04", LintSeverity.Warning, "countryName differs in letter case between issuer and subject."));
        }

        var signatureOid = ReadAlgorithmOid(certificate.SignatureAlgorithm);
        AddSignatureAlgorithmFindings(signatureOid, "X509-ALG-01", findings);

        var key = DescribeKey(certificate.SubjectPublicKeyInfo);
        if (key.ExplicitEcParameters)
        {
            findings.Add(new("X509-KEY-01", LintSeverity.Warning,
                "Known deviation: EC public key with explicit domain parameters (RFC 5480 requires namedCurve; OpenSSL 3 verify refuses them)."));
        }

        if (key.ImplicitlyCa)
        {
            findings.Add(new("X509-KEY-02", LintSeverity.Error, "EC public key with implicitlyCA parameters cannot be used."));
        }

        if (key.RsaBits is { } bits && bits < 2048)
        {
            findings.Add(new("X509-KEY-03", LintSeverity.Warning, $"RSA key of {bits} bits; Doc 9303 Part 12 §4 recommends at least 2048 (DS) / 3072 (CSCA)."));
        }

        foreach (var (oid, critical, _) in certificate.Extensions)
        {
            if (critical && !KnownExtensions.Contains(oid))
            {
                findings.Add(new("X509-EXT-01", LintSeverity.Error, $"Unknown critical extension {oid}."));
            }
        }

        if (extensions.Duplicate is { } duplicate)
        {
            findings.Add(new("X509-EXT-02", LintSeverity.Error, $"Extension {duplicate} appears more than once."));
        }

        if (extensions.PrivateKeyUsagePeriodError is { } pkupError)
        {
            findings.Add(new("X509-PKUP-02", LintSeverity.Error, pkupError));
        }

        if (extensions.PrivateKeyUsagePeriodCritical)
        {
            findings.Add(new("X509-PKUP-03", LintSeverity.Error, "PrivateKeyUsagePeriod must not be critical."));
        }

        if (extensions.HasNameChange)
        {
            findings.Add(new("X509-NC-01", LintSeverity.Info, "Carries the ICAO name change extension (2.23.136.1.1.6.1)."));
        }
    }

    public static void AddSignatureAlgorithmFindings(string oid, string ruleId, List<LintFinding> findings)
    {
        if (oid is Oids.Sha1WithRsa or Oids.EcdsaWithSha1 or Oids.EcdsaPlainSha1)
        {
            findings.Add(new(ruleId, LintSeverity.Warning, "Signed with SHA-1 (allowed for legacy objects only)."));
        }
        else if (oid is not (Oids.Sha224WithRsa or Oids.Sha256WithRsa or Oids.Sha384WithRsa or Oids.Sha512WithRsa or Oids.RsassaPss
                 or Oids.EcdsaWithSha224 or Oids.EcdsaWithSha256 or Oids.EcdsaWithSha384 or Oids.EcdsaWithSha512
                 or Oids.EcdsaPlainSha224 or Oids.EcdsaPlainSha256 or Oids.EcdsaPlainSha384 or Oids.EcdsaPlainSha512))
        {
            findings.Add(new(ruleId, LintSeverity.Error, $"Signature algorithm {oid} is not allowed by Doc 9303 Part 12 §4."));
        }
    }

    private static string ReadAlgorithmOid(ReadOnlyMemory<byte> algorithmIdentifier)
    {
        try
        {
            return new AsnReader(algorithmIdentifier, AsnEncodingRules.BER).ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("x509.malformed", "Malformed AlgorithmIdentifier.", ex);
        }
    }

    private static (bool ExplicitEcParameters, bool ImplicitlyCa, int? RsaBits) DescribeKey(ReadOnlyMemory<byte> spki)
    {
        try
        {
            var sequence = new AsnReader(spki, AsnEncodingRules.BER).ReadSequence();
            var algorithm = sequence.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            if (oid == Oids.EcPublicKey && algorithm.HasData)
            {
                var tag = algorithm.PeekTag();
                return (tag.HasSameClassAndValue(Asn1Tag.Sequence), tag.HasSameClassAndValue(Asn1Tag.Null), null);
            }

            if (oid == Oids.RsaEncryption)
            {
                var keyBits = sequence.ReadBitString(out _);
                var rsa = new AsnReader(keyBits, AsnEncodingRules.BER).ReadSequence();
                var modulus = rsa.ReadIntegerBytes().Span;
                var start = 0;
                while (start < modulus.Length && modulus[start] == 0)
                {
                    start++;
                }

                var bits = (modulus.Length - start) * 8;
                if (start < modulus.Length)
                {
                    bits -= System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[start]) - 24;
                }

                return (false, false, bits);
            }

            return (false, false, null);
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("x509.malformed", "Malformed SubjectPublicKeyInfo.", ex);
        }
    }

    private static string? CountryOf(ReadOnlyMemory<byte> name)
    {
        try
        {
            var rdns = new AsnReader(name, AsnEncodingRules.BER).ReadSequence();
            while (rdns.HasData)
            {
                var set = rdns.ReadSetOf(skipSortOrderValidation: true);
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    if (attribute.ReadObjectIdentifier() == "2.5.4.6")
                    {
                        var tag = attribute.PeekTag();
                        return tag.TagClass == TagClass.Universal
                            ? attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)
                            : null;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is AsnContentException or ArgumentException)
        {
            return null;
        }

        return null;
    }
}
