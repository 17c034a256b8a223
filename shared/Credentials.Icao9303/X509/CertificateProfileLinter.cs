using System.Formats.Asn1;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.X509;

/// <summary>
/// Checks certificates and CRLs against the Doc 9303 Part 12 profiles (§7.1 certificate and CRL profiles, §4 algorithms).
/// Every rule has a stable id. Deviations that are common in real, accepted trust material are warnings, each named
/// in its message: explicit EC domain parameters, Document Type List encoding variants, a missing
/// PrivateKeyUsagePeriod, same-name link certificates, negative serial numbers.
/// </summary>
public static class CertificateProfileLinter
{
    /// <summary>id-icao-cscaMasterListSigningKey (Doc 9303 Part 12 §7.1.2).</summary>
    public const string MasterListSignerEku = CertificateRoleRule.MasterListSignerEku;

    /// <summary>id-icao-deviationListSigningKey (Doc 9303 Part 12 §7.1.2).</summary>
    public const string DeviationListSignerEku = CertificateRoleRule.DeviationListSignerEku;

    /// <summary>id-icao-mrtd-security-extensions-nameChange (Doc 9303 Part 12 §7.1.1.3).</summary>
    public const string NameChangeOid = "2.23.136.1.1.6.1";

    private const string CrlNumberOid = "2.5.29.20";
    private const string CrlAkiOid = "2.5.29.35";
    private const string CertificatePoliciesOid = "2.5.29.32";
    private const string CrlDistributionPointsOid = "2.5.29.31";
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string IssuerAltNameOid = "2.5.29.18";

    private static readonly HashSet<string> KnownExtensions = new(StringComparer.Ordinal)
    {
        Oids.SubjectKeyIdentifier, Oids.KeyUsage, Oids.BasicConstraints, Oids.AuthorityKeyIdentifier,
        Oids.ExtendedKeyUsage, PrivateKeyUsagePeriod.Oid, DocumentTypeList.Oid, NameChangeOid,
        CertificatePoliciesOid, CrlDistributionPointsOid, SubjectAltNameOid, IssuerAltNameOid,
    };

    /// <summary>Decodes and lints a certificate; the profile is detected when not given.</summary>
    /// <exception cref="Icao9303FormatException">The certificate cannot be decoded at all.</exception>
    public static LintReport Lint(ReadOnlyMemory<byte> certificateDer, CertificateProfile? profile = null)
    {
        var certificate = X509CertificateParts.Decode(certificateDer);
        return Lint(certificate, profile);
    }

    /// <summary>Lints an already decoded certificate.</summary>
    public static LintReport Lint(X509CertificateParts certificate, CertificateProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extensions = Extensions.From(certificate);
        var actual = profile ?? DetectProfile(certificate);
        var findings = new List<LintFinding>();

        LintCommon(certificate, extensions, findings);
        switch (actual)
        {
            case CertificateProfile.Csca:
            case CertificateProfile.Link:
                LintCa(certificate, extensions, actual, findings);
                break;
            case CertificateProfile.MasterListSigner:
                LintSigner(certificate, extensions, findings, "MLS", MasterListSignerEku);
                break;
            case CertificateProfile.DeviationListSigner:
                LintSigner(certificate, extensions, findings, "DLS", DeviationListSignerEku);
                break;
            default:
                LintDocumentSigner(extensions, actual, findings);
                break;
        }

        return new LintReport(certificate.SubjectName, actual.ToString(), findings);
    }

    /// <summary>
    /// Picks the profile from the certificate: an ICAO signer EKU gives MLS/DLS; a CA certificate is a CSCA when
    /// self-issued with AKI absent or equal to its SKI, otherwise a link certificate; anything else is a Document Signer
    /// (a DTC signer when its Document Type List holds only DTC types).
    /// </summary>
    public static CertificateProfile DetectProfile(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extensions = Extensions.From(certificate);
        if (extensions.Eku.Contains(MasterListSignerEku))
        {
            return CertificateProfile.MasterListSigner;
        }

        if (extensions.Eku.Contains(DeviationListSignerEku))
        {
            return CertificateProfile.DeviationListSigner;
        }

        if (extensions.IsCa || ((extensions.KeyUsageBits ?? 0) & (KeyCertSign | CrlSign)) != 0)
        {
            var akiMatchesSki = certificate.AuthorityKeyIdentifier is not { } aki
                || (certificate.SubjectKeyIdentifier is { } ski && aki.Span.SequenceEqual(ski.Span));
            return certificate.IsSelfIssued && akiMatchesSki ? CertificateProfile.Csca : CertificateProfile.Link;
        }

        if (extensions.DocumentTypes is { } list && CertificateRoleRule.IsDtcTypeList(list))
        {
            return CertificateProfile.DtcSigner;
        }

        return CertificateProfile.DocumentSigner;
    }

    /// <summary>Lints a CRL against the Doc 9303 Part 12 §7.1.4 CRL profile.</summary>
    public static LintReport LintCrl(CertificateRevocationList crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        var findings = new List<LintFinding>();
        if (crl.Version != 2)
        {
            findings.Add(new("CRL-VER-01", LintSeverity.Error, "CRL must be version 2."));
        }

        if (!crl.SignatureAlgorithmsMatch)
        {
            findings.Add(new("CRL-ALG-01", LintSeverity.Error, "TBSCertList.signature differs from signatureAlgorithm (RFC 5280 §5.1.1.2)."));
        }

        if (crl.AuthorityKeyIdentifier is null)
        {
            findings.Add(new("CRL-AKI-01", LintSeverity.Error, "AuthorityKeyIdentifier (keyIdentifier) is required."));
        }

        if (crl.CrlNumber is null)
        {
            findings.Add(new("CRL-NUM-01", LintSeverity.Error, "CRLNumber extension is required."));
        }
        else if (crl.CrlNumber < 0)
        {
            findings.Add(new("CRL-NUM-02", LintSeverity.Error, "CRLNumber must not be negative."));
        }

        if (crl.NextUpdate is not { } next)
        {
            findings.Add(new("CRL-NEXT-01", LintSeverity.Error, "nextUpdate is required."));
        }
        else if (next - crl.ThisUpdate > TimeSpan.FromDays(90))
        {
            findings.Add(new("CRL-NEXT-02", LintSeverity.Warning,
                $"nextUpdate is {(next - crl.ThisUpdate).TotalDays:0} days after thisUpdate; CSCAs issue CRLs at least every 90 days."));
        }
        else if (next <= crl.ThisUpdate)
        {
            findings.Add(new("CRL-NEXT-03", LintSeverity.Error, "nextUpdate is not after thisUpdate."));
        }

        foreach (var (oid, critical, _) in crl.Extensions)
        {
            if (critical && oid is not (CrlNumberOid or CrlAkiOid))
            {
                findings.Add(new("CRL-EXT-01", LintSeverity.Error, $"Unknown critical CRL extension {oid}."));
            }
        }

        AddSignatureAlgorithmFindings(crl.SignatureAlgorithmOid, "CRL-ALG-02", findings);
        return new LintReport(crl.IssuerName, "Crl", findings);
    }

    private const int DigitalSignature = 0x80;
    private const int KeyCertSign = 0x04;
    private const int CrlSign = 0x02;

    private static void LintCommon(X509CertificateParts certificate, Extensions extensions, List<LintFinding> findings)
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

    private static void LintCa(X509CertificateParts certificate, Extensions extensions, CertificateProfile profile, List<LintFinding> findings)
    {
        var prefix = profile == CertificateProfile.Csca ? "CSCA" : "LINK";
        if (extensions.KeyUsageBits is null)
        {
            findings.Add(new($"{prefix}-KU-01", LintSeverity.Error, "KeyUsage is required."));
        }
        else
        {
            if (!extensions.KeyUsageCritical)
            {
                findings.Add(new($"{prefix}-KU-02", LintSeverity.Error, "KeyUsage must be critical."));
            }

            if ((extensions.KeyUsageBits & (KeyCertSign | CrlSign)) != (KeyCertSign | CrlSign))
            {
                findings.Add(new($"{prefix}-KU-03", LintSeverity.Error, "KeyUsage must include keyCertSign and cRLSign."));
            }

            if ((extensions.KeyUsageBits & ~(KeyCertSign | CrlSign)) != 0)
            {
                findings.Add(new($"{prefix}-KU-04", LintSeverity.Warning, "KeyUsage has bits beyond keyCertSign and cRLSign."));
            }
        }

        if (!extensions.HasBasicConstraints)
        {
            findings.Add(new($"{prefix}-BC-01", LintSeverity.Error, "BasicConstraints is required."));
        }
        else
        {
            if (!extensions.IsCa)
            {
                findings.Add(new($"{prefix}-BC-02", LintSeverity.Error, "BasicConstraints cA must be TRUE."));
            }

            if (!extensions.BasicConstraintsCritical)
            {
                findings.Add(new($"{prefix}-BC-03", LintSeverity.Error, "BasicConstraints must be critical."));
            }

            if (extensions.PathLength is not 0)
            {
                findings.Add(new($"{prefix}-BC-04", LintSeverity.Warning,
                    extensions.PathLength is null ? "BasicConstraints has no pathLenConstraint (Doc 9303: 0)." : $"pathLenConstraint is {extensions.PathLength} (Doc 9303: 0)."));
            }
        }

        if (certificate.SubjectKeyIdentifier is null)
        {
            findings.Add(new($"{prefix}-SKI-01", LintSeverity.Error, "SubjectKeyIdentifier is required."));
        }

        if (profile == CertificateProfile.Link)
        {
            if (certificate.AuthorityKeyIdentifier is null)
            {
                findings.Add(new("LINK-AKI-01", LintSeverity.Error, "AuthorityKeyIdentifier is required (it names the previous CSCA key)."));
            }

            if (certificate.IsSelfIssued)
            {
                findings.Add(new("LINK-DN-01", LintSeverity.Warning,
                    "Known deviation: same-name link certificate (issuer == subject), so it looks self-signed but is signed by the previous key."));
            }
        }
        else if (certificate.AuthorityKeyIdentifier is { } aki && certificate.SubjectKeyIdentifier is { } ski && !aki.Span.SequenceEqual(ski.Span))
        {
            findings.Add(new("CSCA-AKI-01", LintSeverity.Error, "Self-signed CSCA's AuthorityKeyIdentifier differs from its SubjectKeyIdentifier."));
        }

        if (!extensions.HasPrivateKeyUsagePeriod)
        {
            findings.Add(new($"{prefix}-PKUP-01", LintSeverity.Warning, "Known deviation: PrivateKeyUsagePeriod is missing."));
        }
    }

    private static void LintSigner(X509CertificateParts certificate, Extensions extensions, List<LintFinding> findings, string prefix, string eku)
    {
        if (!extensions.Eku.Contains(eku))
        {
            findings.Add(new($"{prefix}-EKU-01", LintSeverity.Error, $"ExtendedKeyUsage {eku} is required."));
        }
        else if (!extensions.EkuCritical)
        {
            findings.Add(new($"{prefix}-EKU-02", LintSeverity.Warning, "ExtendedKeyUsage should be critical."));
        }

        if (extensions.KeyUsageBits is not { } ku || (ku & DigitalSignature) == 0)
        {
            findings.Add(new($"{prefix}-KU-01", LintSeverity.Error, "KeyUsage digitalSignature is required."));
        }
        else if (!extensions.KeyUsageCritical)
        {
            findings.Add(new($"{prefix}-KU-02", LintSeverity.Error, "KeyUsage must be critical."));
        }

        if (extensions.IsCa)
        {
            findings.Add(new($"{prefix}-BC-01", LintSeverity.Error, "A signer certificate must not be a CA."));
        }

        if (certificate.AuthorityKeyIdentifier is null)
        {
            findings.Add(new($"{prefix}-AKI-01", LintSeverity.Error, "AuthorityKeyIdentifier is required."));
        }
    }

    private static void LintDocumentSigner(Extensions extensions, CertificateProfile profile, List<LintFinding> findings)
    {
        var prefix = profile == CertificateProfile.DtcSigner ? "DTCS" : "DS";
        if (extensions.KeyUsageBits is not { } ku || (ku & DigitalSignature) == 0)
        {
            findings.Add(new($"{prefix}-KU-01", LintSeverity.Error, "KeyUsage digitalSignature is required."));
        }
        else
        {
            if (!extensions.KeyUsageCritical)
            {
                findings.Add(new($"{prefix}-KU-02", LintSeverity.Error, "KeyUsage must be critical."));
            }

            if ((ku & ~DigitalSignature) != 0)
            {
                findings.Add(new($"{prefix}-KU-03", LintSeverity.Warning, "KeyUsage has bits beyond digitalSignature."));
            }
        }

        if (extensions.IsCa)
        {
            findings.Add(new($"{prefix}-BC-01", LintSeverity.Error, "A Document Signer must not be a CA."));
        }

        if (!extensions.HasAki)
        {
            findings.Add(new($"{prefix}-AKI-01", LintSeverity.Error, "AuthorityKeyIdentifier is required."));
        }

        if (!extensions.HasPrivateKeyUsagePeriod)
        {
            findings.Add(new($"{prefix}-PKUP-01", LintSeverity.Warning, "Known deviation: PrivateKeyUsagePeriod is missing."));
        }

        if (extensions.DocumentTypeListError is { } docError)
        {
            findings.Add(new($"{prefix}-DTL-02", LintSeverity.Error, docError));
        }
        else if (extensions.DocumentTypes is null)
        {
            findings.Add(new($"{prefix}-DTL-01", LintSeverity.Warning, "Document Type List extension (2.23.136.1.1.6.2) is missing."));
        }
        else if (extensions.DocumentTypes.Deviations.Count > 0)
        {
            findings.Add(new($"{prefix}-DTL-03", LintSeverity.Warning,
                $"Known deviation: Document Type List encoding variant ({string.Join(", ", extensions.DocumentTypes.Deviations)})."));
        }
    }

    private static void AddSignatureAlgorithmFindings(string oid, string ruleId, List<LintFinding> findings)
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

    /// <summary>The extensions the rules look at, decoded once.</summary>
    private sealed class Extensions
    {
        public int? KeyUsageBits { get; private set; }

        public bool KeyUsageCritical { get; private set; }

        public bool HasBasicConstraints { get; private set; }

        public bool IsCa { get; private set; }

        public bool BasicConstraintsCritical { get; private set; }

        public int? PathLength { get; private set; }

        public HashSet<string> Eku { get; } = new(StringComparer.Ordinal);

        public bool EkuCritical { get; private set; }

        public bool HasAki { get; private set; }

        public bool HasPrivateKeyUsagePeriod { get; private set; }

        public bool PrivateKeyUsagePeriodCritical { get; private set; }

        public string? PrivateKeyUsagePeriodError { get; private set; }

        public DocumentTypeList? DocumentTypes { get; private set; }

        public string? DocumentTypeListError { get; private set; }

        public bool HasNameChange { get; private set; }

        public string? Duplicate { get; private set; }

        public static Extensions From(X509CertificateParts certificate)
        {
            var result = new Extensions();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (oid, critical, value) in certificate.Extensions)
            {
                if (!seen.Add(oid))
                {
                    result.Duplicate ??= oid;
                }

                try
                {
                    result.Read(oid, critical, value);
                }
                catch (AsnContentException)
                {
                    result.Duplicate ??= null;
                }
            }

            return result;
        }

        private void Read(string oid, bool critical, ReadOnlyMemory<byte> value)
        {
            switch (oid)
            {
                case Oids.KeyUsage:
                    var bits = new AsnReader(value, AsnEncodingRules.BER).ReadBitString(out _);
                    KeyUsageBits = bits.Length == 0 ? 0 : bits[0];
                    KeyUsageCritical = critical;
                    break;
                case Oids.BasicConstraints:
                    HasBasicConstraints = true;
                    BasicConstraintsCritical = critical;
                    var bc = new AsnReader(value, AsnEncodingRules.BER).ReadSequence();
                    if (bc.HasData && bc.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                    {
                        IsCa = bc.ReadBoolean();
                    }

                    if (bc.HasData && bc.TryReadInt32(out var path))
                    {
                        PathLength = path;
                    }

                    break;
                case Oids.ExtendedKeyUsage:
                    EkuCritical = critical;
                    var eku = new AsnReader(value, AsnEncodingRules.BER).ReadSequence();
                    while (eku.HasData)
                    {
                        Eku.Add(eku.ReadObjectIdentifier());
                    }

                    break;
                case Oids.AuthorityKeyIdentifier:
                    HasAki = true;
                    break;
                case PrivateKeyUsagePeriod.Oid:
                    HasPrivateKeyUsagePeriod = true;
                    PrivateKeyUsagePeriodCritical = critical;
                    try
                    {
                        PrivateKeyUsagePeriod.Decode(value);
                    }
                    catch (Icao9303FormatException ex)
                    {
                        PrivateKeyUsagePeriodError = ex.Message;
                    }

                    break;
                case DocumentTypeList.Oid:
                    try
                    {
                        DocumentTypes = DocumentTypeList.Decode(value);
                    }
                    catch (Icao9303FormatException ex)
                    {
                        DocumentTypeListError = ex.Message;
                    }

                    break;
                case NameChangeOid:
                    HasNameChange = true;
                    break;
            }
        }
    }
}
