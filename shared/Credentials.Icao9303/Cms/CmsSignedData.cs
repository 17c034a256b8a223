// Over ~400 lines on purpose: one spec structure (RFC 5652 SignedData as Doc 9303 profiles it), its strict decoder and
// its deterministic encoder belong together (STYLE.md rule 16); splitting them would separate each field from its check.
using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.Icao9303.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Cms;

/// <summary>
/// A CMS <c>ContentInfo</c> carrying <c>SignedData</c> (RFC 5652 sections 3 and 5), as used by EF.SOD (Doc 9303 Part 10
/// section 4.6.2), EF.CardSecurity, CSCA Master Lists and Deviation Lists (Doc 9303 Part 12 section 9):
/// <code>
/// ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
/// SignedData ::= SEQUENCE { version CMSVersion, digestAlgorithms DigestAlgorithmIdentifiers,
///     encapContentInfo EncapsulatedContentInfo, certificates [0] IMPLICIT CertificateSet OPTIONAL,
///     crls [1] IMPLICIT RevocationInfoChoices OPTIONAL, signerInfos SignerInfos }
/// EncapsulatedContentInfo ::= SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
/// </code>
/// Decoding accepts BER (indefinite lengths, constructed OCTET STRINGs) because real chips emit it; trailing data is
/// rejected. Only <see cref="Icao9303FormatException"/> is thrown, for malformed input.
/// </summary>
public sealed class CmsSignedData
{
    private const int MaxCertificates = 4096;
    private const int MaxSignerInfos = 16;

    private CmsSignedData()
    {
    }

    /// <summary>SignedData version.</summary>
    public int Version { get; private init; }

    /// <summary>digestAlgorithms OIDs.</summary>
    public IReadOnlyList<string> DigestAlgorithmOids { get; private init; } = [];

    /// <summary>eContentType OID.</summary>
    public string EContentType { get; private init; } = string.Empty;

    /// <summary>eContent octets (constructed BER OCTET STRINGs concatenated); null when detached.</summary>
    public ReadOnlyMemory<byte>? EContent { get; private init; }

    /// <summary>Embedded certificates (each a DER <c>Certificate</c>); other CertificateChoices are skipped.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; private init; } = [];

    /// <summary>Embedded CRLs (each a DER <c>CertificateList</c>).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Crls { get; private init; } = [];

    /// <summary>signerInfos.</summary>
    public IReadOnlyList<CmsSignerInfo> SignerInfos { get; private init; } = [];

    /// <summary>True when the input used BER features DER forbids (indefinite lengths etc.).</summary>
    public bool IsBerEncoded { get; private init; }

    /// <summary>
    /// Decodes a ContentInfo(SignedData). At least one SignerInfo is required (a SignedData without signers proves nothing).
    /// </summary>
    /// <param name="contentInfo">BER/DER ContentInfo bytes (without any outer application tag such as EF.SOD's 0x77).</param>
    /// <exception cref="Icao9303FormatException">Malformed input; reasons start with <c>cms.</c>.</exception>
    /// <remarks>Decoded from a private copy of <paramref name="contentInfo"/>: no field shares memory with the caller's buffer.</remarks>
    public static CmsSignedData Decode(ReadOnlyMemory<byte> contentInfo)
    {
        Asn1Decoding.CheckSize(contentInfo.Span, "cms.malformed", "ContentInfo");
        return DecodeOwned(contentInfo.ToArray());
    }

    /// <summary>
    /// As <see cref="Decode"/> without the copy: the fields (eContent, certificates, signature …) are slices of
    /// <paramref name="contentInfo"/>, which the caller owns and never changes (EF.SOD decodes its own private copy).
    /// </summary>
    internal static CmsSignedData DecodeOwned(ReadOnlyMemory<byte> contentInfo)
    {
        const string reason = "cms.malformed";
        var outer = Asn1Decoding.ReadSingle(contentInfo, AsnEncodingRules.BER, "cms.malformed", "ContentInfo");
        var isBer = !IsDerOuter(contentInfo);
        return Asn1Decoding.Decode(reason, "CMS SignedData", (outer, isBer), static state =>
        {
            var (outer, isBer) = state;
            var ci = outer.ReadSequence();
            var contentType = Asn1Decoding.ReadObjectIdentifier(ci);
            if (contentType != Oids.SignedData)
            {
                throw new Icao9303FormatException("cms.not-signed-data", $"ContentInfo contentType is {contentType}, not id-signedData.");
            }

            var explicitContent = ci.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
            Asn1Decoding.EnsureEnd(ci, reason, "ContentInfo");
            var sd = explicitContent.ReadSequence();
            Asn1Decoding.EnsureEnd(explicitContent, reason, "ContentInfo content");

            var version = Asn1Decoding.ReadSmallInteger(sd, "cms.version", "SignedData.version");
            if (version is < 1 or > 5 or 2)
            {
                throw new Icao9303FormatException("cms.version", $"SignedData version {version} is not a CMS version (RFC 5652 section 5.1).");
            }

            var digestAlgorithms = new List<string>();
            var digestSet = sd.ReadSetOf(skipSortOrderValidation: true);
            while (digestSet.HasData)
            {
                if (digestAlgorithms.Count >= 16)
                {
                    throw new Icao9303FormatException(reason, "More than 16 digest algorithms.");
                }

                var algorithm = digestSet.ReadSequence();
                digestAlgorithms.Add(Asn1Decoding.ReadObjectIdentifier(algorithm));
            }

            var encap = sd.ReadSequence();
            var eContentType = Asn1Decoding.ReadObjectIdentifier(encap);
            ReadOnlyMemory<byte>? eContent = null;
            if (encap.HasData)
            {
                var wrapper = encap.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                eContent = Asn1Decoding.ReadOctetStringValue(wrapper);
                Asn1Decoding.EnsureEnd(wrapper, reason, "eContent");
            }

            Asn1Decoding.EnsureEnd(encap, reason, "EncapsulatedContentInfo");

            var certificates = new List<ReadOnlyMemory<byte>>();
            var certificatesTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
            if (sd.HasData && sd.PeekTag().HasSameClassAndValue(certificatesTag))
            {
                var set = sd.ReadSetOf(skipSortOrderValidation: true, certificatesTag);
                while (set.HasData)
                {
                    if (certificates.Count >= MaxCertificates)
                    {
                        throw new Icao9303FormatException(reason, $"More than {MaxCertificates} certificates.");
                    }

                    var tag = set.PeekTag();
                    var value = set.ReadEncodedValue();
                    if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
                    {
                        certificates.Add(value);
                    }
                }
            }

            var crls = new List<ReadOnlyMemory<byte>>();
            var crlsTag = new Asn1Tag(TagClass.ContextSpecific, 1, true);
            if (sd.HasData && sd.PeekTag().HasSameClassAndValue(crlsTag))
            {
                var set = sd.ReadSetOf(skipSortOrderValidation: true, crlsTag);
                while (set.HasData)
                {
                    if (crls.Count >= MaxCertificates)
                    {
                        throw new Icao9303FormatException(reason, $"More than {MaxCertificates} CRLs.");
                    }

                    var tag = set.PeekTag();
                    var value = set.ReadEncodedValue();
                    if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
                    {
                        crls.Add(value);
                    }
                }
            }

            var signerInfos = new List<CmsSignerInfo>();
            var signerSet = sd.ReadSetOf(skipSortOrderValidation: true);
            while (signerSet.HasData)
            {
                if (signerInfos.Count >= MaxSignerInfos)
                {
                    throw new Icao9303FormatException(reason, $"More than {MaxSignerInfos} SignerInfos.");
                }

                signerInfos.Add(CmsSignerInfo.Decode(signerSet));
            }

            Asn1Decoding.EnsureEnd(sd, reason, "SignedData");
            if (signerInfos.Count == 0)
            {
                throw new Icao9303FormatException("cms.no-signer", "SignedData has no SignerInfo.");
            }

            return new CmsSignedData
            {
                Version = version,
                DigestAlgorithmOids = digestAlgorithms,
                EContentType = eContentType,
                EContent = eContent,
                Certificates = certificates,
                Crls = crls,
                SignerInfos = signerInfos,
                IsBerEncoded = isBer,
            };
        });
    }

    /// <summary>
    /// Finds the certificate of <paramref name="signer"/> among the embedded certificates and
    /// <paramref name="additionalCertificates"/>: by subjectKeyIdentifier, or by serial number and an issuer name that is
    /// equivalent (byte-identical, or same attributes in another order/encoding, see <see cref="DistinguishedNames"/>).
    /// Undecodable candidate certificates are skipped. Returns null when none matches.
    /// </summary>
    public X509CertificateParts? FindSignerCertificate(CmsSignerInfo signer, IEnumerable<ReadOnlyMemory<byte>>? additionalCertificates = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var candidates = additionalCertificates is null ? Certificates : Certificates.Concat(additionalCertificates);
        foreach (var encoded in candidates)
        {
            X509CertificateParts certificate;
            try
            {
                certificate = X509CertificateParts.Decode(encoded);
            }
            catch (Icao9303FormatException)
            {
                continue;
            }

            if (Matches(signer, certificate, out _))
            {
                return certificate;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="certificate"/> is the one <paramref name="signer"/>'s sid names;
    /// <paramref name="exactIssuer"/> tells whether the issuer name was byte-identical.
    /// </summary>
    public static bool Matches(CmsSignerInfo signer, X509CertificateParts certificate, out bool exactIssuer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(certificate);
        exactIssuer = true;
        if (signer.SidSubjectKeyIdentifier is { } ski)
        {
            return certificate.SubjectKeyIdentifier is { } certSki && certSki.Span.SequenceEqual(ski.Span);
        }

        if (signer.SidSerialNumber is not { } serial || signer.SidIssuer is not { } issuer)
        {
            return false;
        }

        if (!Asn1Decoding.TrimInteger(serial.Span).AsSpan().SequenceEqual(Asn1Decoding.TrimInteger(certificate.SerialNumber.Span)))
        {
            return false;
        }

        exactIssuer = issuer.Span.SequenceEqual(certificate.Issuer.Span);
        return exactIssuer || DistinguishedNames.AreEquivalent(issuer, certificate.Issuer);
    }

    /// <summary>
    /// Verifies one SignerInfo: finds the signer certificate (unless <paramref name="signerCertificate"/> is given),
    /// checks contentType and messageDigest signed attributes against eContentType and the eContent digest, then the
    /// signature over the DER SET OF signed attributes (or over eContent when there are none).
    /// Never throws for a bad signature or unsupported algorithm: those are reported in the result.
    /// </summary>
    /// <param name="signer">One of <see cref="SignerInfos"/>.</param>
    /// <param name="signerCertificate">The signer certificate when supplied out of band (e.g. a DSC not embedded in the SOD).</param>
    /// <param name="signerKey">An already decoded key of that certificate (performance: reuse across verifications).</param>
    public CmsSignerVerification VerifySigner(CmsSignerInfo signer, X509CertificateParts? signerCertificate = null, VerificationKey? signerKey = null) =>
        VerifySigner(signer, signerCertificate, signerKey, null);

    /// <summary>As the public overload; <paramref name="algorithms"/> remembers the signer's last decoded signatureAlgorithm.</summary>
    internal CmsSignerVerification VerifySigner(CmsSignerInfo signer, X509CertificateParts? signerCertificate, VerificationKey? signerKey, SignatureAlgorithmMemo? algorithms)
    {
        ArgumentNullException.ThrowIfNull(signer);
        List<string>? warnings = null; // allocated with the first warning: most SODs have none
        var certificate = signerCertificate ?? FindSignerCertificate(signer);
        if (certificate is null)
        {
            return new CmsSignerVerification
            {
                FailureReason = "cms.signer-certificate-not-found",
                FailureDetail = "No embedded or supplied certificate matches the SignerInfo sid.",
            };
        }

        if (Matches(signer, certificate, out var exactIssuer))
        {
            if (!exactIssuer)
            {
                (warnings ??= []).Add("cms.signer-issuer-name-differs");
            }
        }
        else
        {
            return new CmsSignerVerification
            {
                FailureReason = "cms.signer-certificate-mismatch",
                FailureDetail = "The supplied certificate is not the one the SignerInfo sid names.",
                SignerCertificate = certificate,
            };
        }

        if (signer.SignedAttributesReencoded)
        {
            (warnings ??= []).Add("cms.signed-attributes-not-der");
        }

        SignatureAlgorithm algorithm;
        try
        {
            algorithm = algorithms is null
                ? SignatureAlgorithm.Decode(signer.SignatureAlgorithm, signer.DigestAlgorithmOid)
                : algorithms.Decode(signer.SignatureAlgorithm, signer.DigestAlgorithmOid);
            if (!DigestAlgorithms.IsSupported(signer.DigestAlgorithmOid))
            {
                throw new Icao9303FormatException("crypto.unsupported-digest", $"Digest algorithm {signer.DigestAlgorithmOid} is not supported.");
            }
        }
        catch (Icao9303FormatException ex)
        {
            return Fail("cms.unsupported-algorithm", ex.Message, certificate, null, null, warnings);
        }

        if (algorithm.HashFromDigestAlgorithm)
        {
            (warnings ??= []).Add("cms.signature-algorithm-without-hash");
        }

        bool? digestMatches = null;
        ReadOnlySpan<byte> signed;
        if (signer.SignedAttributesForSignature is { } attributes)
        {
            if (signer.ContentTypeAttribute is null || signer.MessageDigestAttribute is null)
            {
                return Fail("cms.missing-signed-attribute", "Signed attributes lack contentType or messageDigest (RFC 5652 section 5.3).", certificate, algorithm, null, warnings);
            }

            if (signer.ContentTypeAttribute != EContentType)
            {
                return Fail("cms.content-type-mismatch", $"contentType attribute {signer.ContentTypeAttribute} differs from eContentType {EContentType}.", certificate, algorithm, null, warnings);
            }

            if (EContent is not { } content)
            {
                return Fail("cms.detached-content", "eContent is absent.", certificate, algorithm, null, warnings);
            }

            Span<byte> digest = stackalloc byte[DigestAlgorithms.MaxLength];
            var digestLength = DigestAlgorithms.Compute(signer.DigestAlgorithmOid, content.Span, digest);
            digestMatches = CryptographicOperations.FixedTimeEquals(digest[..digestLength], signer.MessageDigestAttribute.Value.Span);
            if (digestMatches == false)
            {
                return Fail("cms.message-digest-mismatch", "The messageDigest attribute does not match the digest of eContent.", certificate, algorithm, false, warnings);
            }

            signed = attributes.Span;
        }
        else
        {
            if (EContent is not { } content)
            {
                return Fail("cms.detached-content", "eContent is absent.", certificate, algorithm, null, warnings);
            }

            (warnings ??= []).Add("cms.no-signed-attributes");
            signed = content.Span;
        }

        bool verified;
        VerificationKey? ownedKey = null;
        try
        {
            var key = signerKey ?? (ownedKey = VerificationKey.FromSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo));
            verified = SignatureVerifier.Verify(algorithm, key, signed, signer.Signature.Span);
        }
        catch (Icao9303FormatException ex)
        {
            return Fail("cms.signer-key-unusable", ex.Message, certificate, algorithm, digestMatches, warnings);
        }
        finally
        {
            ownedKey?.Dispose();
        }

        if (!verified)
        {
            return Fail("cms.signature-invalid", $"The {algorithm.Name} signature does not verify with the signer certificate's key.", certificate, algorithm, digestMatches, warnings);
        }

        return new CmsSignerVerification
        {
            SignerCertificate = certificate,
            Algorithm = algorithm,
            MessageDigestMatches = digestMatches,
            SignatureVerified = true,
            Warnings = (IReadOnlyList<string>?)warnings ?? [],
        };
    }

    private static CmsSignerVerification Fail(
        string reason,
        string detail,
        X509CertificateParts certificate,
        SignatureAlgorithm? algorithm,
        bool? digestMatches,
        List<string>? warnings) => new()
        {
            FailureReason = reason,
            FailureDetail = detail,
            SignerCertificate = certificate,
            Algorithm = algorithm,
            MessageDigestMatches = digestMatches,
            Warnings = (IReadOnlyList<string>?)warnings ?? [],
        };

    private static bool IsDerOuter(ReadOnlyMemory<byte> data)
    {
        try
        {
            AsnDecoder.ReadEncodedValue(data.Span, AsnEncodingRules.DER, out _, out _, out _);
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
