using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Pkd.Application;

/// <summary>Certificate and CRL summaries of the contracts, lint findings as checks, and small name helpers.</summary>
internal static class ContractMapping
{
    /// <summary>The countryName (2.5.4.6) of a DER Name, upper case; empty when absent or unreadable.</summary>
    public static string CountryOf(ReadOnlyMemory<byte> name)
    {
        try
        {
            foreach (var rdn in new X500DistinguishedName(name.Span).EnumerateRelativeDistinguishedNames())
            {
                if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.6")
                {
                    return rdn.GetSingleElementValue()?.Trim().ToUpperInvariant() ?? string.Empty;
                }
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // An unreadable name has no country.
        }

        return string.Empty;
    }

    /// <summary>RFC 4514 form of a DER Name.</summary>
    public static string NameOf(ReadOnlyMemory<byte> name)
    {
        try
        {
            return new X500DistinguishedName(name.Span).Name;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return DistinguishedNames.Format(name);
        }
    }

    /// <summary>The summary of a stored certificate at <paramref name="now"/>.</summary>
    public static Certificate Summarize(ReadOnlyMemory<byte> der, string fingerprint, CertificateKind kind, DateTimeOffset now)
    {
        var parts = X509CertificateParts.Decode(der);
        var summary = new Certificate
        {
            Der = ByteString.CopyFrom(der.Span),
            FingerprintSha256 = fingerprint,
            Subject = NameOf(parts.Subject),
            Issuer = NameOf(parts.Issuer),
            SerialNumber = Convert.ToHexStringLower(parts.SerialNumber.Span),
            NotBefore = Timestamp.FromDateTimeOffset(parts.NotBefore),
            NotAfter = Timestamp.FromDateTimeOffset(parts.NotAfter),
            SubjectKeyIdentifier = parts.SubjectKeyIdentifier is { } ski ? ByteString.CopyFrom(ski.Span) : ByteString.Empty,
            AuthorityKeyIdentifier = parts.AuthorityKeyIdentifier is { } aki ? ByteString.CopyFrom(aki.Span) : ByteString.Empty,
            Country = CountryOf(parts.Subject),
            Kind = kind,
            Status = now < parts.NotBefore ? CertificateStatus.NotYetValid
                : now > parts.NotAfter ? CertificateStatus.Expired
                : CertificateStatus.Valid,
        };
        (summary.KeyAlgorithm, summary.KeyDescription) = DescribeKey(parts.SubjectPublicKeyInfo);

        foreach (var (oid, _, value) in parts.Extensions)
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
                // A malformed optional extension is a lint finding, not a reason to hide the certificate.
            }
        }

        return summary;
    }

    /// <summary>The summary of a CRL.</summary>
    public static Crl SummarizeCrl(ReadOnlyMemory<byte> der, string fingerprint)
    {
        var crl = CertificateRevocationList.Decode(der);
        return new Crl
        {
            Der = ByteString.CopyFrom(der.Span),
            FingerprintSha256 = fingerprint,
            Issuer = NameOf(crl.Issuer),
            AuthorityKeyIdentifier = crl.AuthorityKeyIdentifier is { } aki ? ByteString.CopyFrom(aki.Span) : ByteString.Empty,
            CrlNumber = CrlNumberHex(crl),
            ThisUpdate = Timestamp.FromDateTimeOffset(crl.ThisUpdate),
            NextUpdate = crl.NextUpdate is { } next ? Timestamp.FromDateTimeOffset(next) : null,
            Country = CountryOf(crl.Issuer),
            RevokedCount = crl.RevokedCertificates.Count,
        };
    }

    /// <summary>cRLNumber as lowercase hex of the INTEGER content octets; empty when absent.</summary>
    public static string CrlNumberHex(CertificateRevocationList crl) =>
        crl.CrlNumber is { } number ? Convert.ToHexStringLower(number.ToByteArray(isUnsigned: false, isBigEndian: true)) : string.Empty;

    /// <summary>Lint findings as contract checks (name = rule id, WARN or FAIL).</summary>
    public static IEnumerable<Check> ToChecks(IEnumerable<LintFinding> findings) => findings.Select(f => new Check
    {
        Name = "lint." + f.RuleId.ToLowerInvariant(),
        Status = f.Severity == LintSeverity.Error ? CheckStatus.Fail : CheckStatus.Warn,
        Reason = f.RuleId.Replace('-', '_').ToUpperInvariant(),
        Detail = f.Message,
    });

    /// <summary>Lint findings as stored (jsonb array of {rule, severity, message}).</summary>
    public static string FindingsToJson(IEnumerable<LintFinding> findings) =>
        JsonSerializer.Serialize(findings.Select(f => new StoredFinding(f.RuleId, f.Severity.ToString(), f.Message)).ToList());

    /// <summary>Stored lint findings back as findings.</summary>
    public static IReadOnlyList<LintFinding> FindingsFromJson(string json) =>
        (JsonSerializer.Deserialize<List<StoredFinding>>(json) ?? [])
            .Select(f => new LintFinding(f.Rule, System.Enum.TryParse<LintSeverity>(f.Severity, out var severity) ? severity : LintSeverity.Warning, f.Message))
            .ToList();

    /// <summary>
    /// Key algorithm and description from the SubjectPublicKeyInfo alone (RFC 5480 / RFC 8017 structures, no key import:
    /// summaries are built for every stored certificate and must stay cheap). Explicit EC parameters are reported as such.
    /// </summary>
    public static (KeyAlgorithm Algorithm, string Description) DescribeKey(ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        try
        {
            var spki = new AsnReader(subjectPublicKeyInfo, AsnEncodingRules.DER).ReadSequence();
            var algorithm = spki.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            if (oid is "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.10")
            {
                var bits = spki.ReadBitString(out _);
                var modulus = new AsnReader(bits, AsnEncodingRules.DER).ReadSequence().ReadIntegerBytes().Span;
                var size = (modulus.Length - (modulus[0] == 0 ? 1 : 0)) * 8;
                var rsa = size switch
                {
                    2048 => KeyAlgorithm.Rsa2048,
                    3072 => KeyAlgorithm.Rsa3072,
                    4096 => KeyAlgorithm.Rsa4096,
                    _ => KeyAlgorithm.Unspecified,
                };
                return (rsa, $"RSA-{size}");
            }

            if (oid == "1.2.840.10045.2.1")
            {
                if (algorithm.HasData && algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                {
                    var curve = algorithm.ReadObjectIdentifier();
                    var (named, name) = curve switch
                    {
                        "1.2.840.10045.3.1.7" => (KeyAlgorithm.EcP256, "secp256r1"),
                        "1.3.132.0.34" => (KeyAlgorithm.EcP384, "secp384r1"),
                        "1.3.132.0.35" => (KeyAlgorithm.EcP521, "secp521r1"),
                        "1.3.36.3.3.2.8.1.1.7" => (KeyAlgorithm.BrainpoolP256R1, "brainpoolP256r1"),
                        "1.3.36.3.3.2.8.1.1.11" => (KeyAlgorithm.BrainpoolP384R1, "brainpoolP384r1"),
                        "1.3.36.3.3.2.8.1.1.13" => (KeyAlgorithm.BrainpoolP512R1, "brainpoolP512r1"),
                        _ => (KeyAlgorithm.Unspecified, curve),
                    };
                    return (named, "EC " + name);
                }

                var point = spki.ReadBitString(out _);
                return (KeyAlgorithm.Unspecified, $"EC {(point.Length - 1) / 2 * 8}-bit curve (explicit parameters)");
            }

            return (KeyAlgorithm.Unspecified, oid);
        }
        catch (Exception exception) when (exception is AsnContentException or IndexOutOfRangeException)
        {
            return (KeyAlgorithm.Unspecified, "unreadable key");
        }
    }

    private sealed record StoredFinding(string Rule, string Severity, string Message);
}
