using System.Collections.Frozen;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.Icao9303.Crl;

/// <summary>
/// An X.509 CRL as profiled by Doc 9303 Part 12 §7.1 (v2, AuthorityKeyIdentifier and CRLNumber required, issued by
/// the CSCA). Structure (RFC 5280 §5.1):
/// <code>
/// CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
/// TBSCertList ::= SEQUENCE {
///     version Version OPTIONAL, -- v2 = 1
///     signature AlgorithmIdentifier, issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
///     revokedCertificates SEQUENCE OF SEQUENCE { userCertificate CertificateSerialNumber, revocationDate Time,
///                                                crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
///     crlExtensions [0] EXPLICIT Extensions OPTIONAL }
/// </code>
/// Decoding is strict DER and bounded; revoked serials are held in a hash table for O(1) lookup.
/// </summary>
public sealed class CertificateRevocationList
{
    /// <summary>Largest CRL accepted (bytes). Real CSCA CRLs are a few KB; national ones up to a few MB.</summary>
    public const int MaxEncodedLength = 32 * 1024 * 1024;

    private const string CrlNumberOid = "2.5.29.20";
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";
    private const string ReasonCodeOid = "2.5.29.21";

    private FrozenDictionary<string, RevokedCertificate> _revoked = FrozenDictionary<string, RevokedCertificate>.Empty;

    private CertificateRevocationList()
    {
    }

    /// <summary>The whole CertificateList as given.</summary>
    public ReadOnlyMemory<byte> Encoded { get; private init; }

    /// <summary>The DER TBSCertList: the bytes the signature covers.</summary>
    public ReadOnlyMemory<byte> TbsCertList { get; private init; }

    /// <summary>Outer signatureAlgorithm AlgorithmIdentifier (DER).</summary>
    public ReadOnlyMemory<byte> SignatureAlgorithm { get; private init; }

    /// <summary>The signature algorithm OID.</summary>
    public string SignatureAlgorithmOid { get; private init; } = string.Empty;

    /// <summary>True when the inner <c>signature</c> AlgorithmIdentifier equals the outer one (RFC 5280 §5.1.1.2).</summary>
    public bool SignatureAlgorithmsMatch { get; private init; }

    /// <summary>signatureValue BIT STRING contents.</summary>
    public ReadOnlyMemory<byte> SignatureValue { get; private init; }

    /// <summary>1 for v1 (version absent), 2 for v2.</summary>
    public int Version { get; private init; }

    /// <summary>Issuer Name (DER).</summary>
    public ReadOnlyMemory<byte> Issuer { get; private init; }

    /// <summary>Issuer in RFC 4514-like text.</summary>
    public string IssuerName => new X500DistinguishedName(Issuer.Span).Name;

    public DateTimeOffset ThisUpdate { get; private init; }

    public DateTimeOffset? NextUpdate { get; private init; }

    /// <summary>CRLNumber extension (2.5.29.20), when present.</summary>
    public BigInteger? CrlNumber { get; private init; }

    /// <summary>keyIdentifier of the AuthorityKeyIdentifier extension (2.5.29.35), when present.</summary>
    public ReadOnlyMemory<byte>? AuthorityKeyIdentifier { get; private init; }

    /// <summary>crlExtensions as (OID, critical, extnValue contents).</summary>
    public IReadOnlyList<(string Oid, bool Critical, ReadOnlyMemory<byte> Value)> Extensions { get; private init; } = [];

    /// <summary>Every revoked entry, in file order.</summary>
    public IReadOnlyList<RevokedCertificate> RevokedCertificates { get; private init; } = [];

    /// <summary>True when the CRL's nextUpdate is before <paramref name="at"/> (a stale CRL).</summary>
    public bool IsExpiredAt(DateTimeOffset at) => NextUpdate is { } next && next < at;

    /// <summary>O(1) lookup of a serial number given as hex (any case, leading zeros ignored).</summary>
    public RevokedCertificate? FindRevoked(string serialNumberHex)
    {
        ArgumentNullException.ThrowIfNull(serialNumberHex);
        return _revoked.GetValueOrDefault(NormalizeSerialHex(serialNumberHex));
    }

    /// <summary>O(1) lookup of a serial number given as its DER INTEGER contents (big-endian two's complement).</summary>
    public RevokedCertificate? FindRevoked(ReadOnlySpan<byte> serialNumber) =>
        _revoked.GetValueOrDefault(SerialToHex(serialNumber));

    /// <summary>True when <paramref name="serialNumberHex"/> is listed as revoked.</summary>
    public bool IsRevoked(string serialNumberHex) => FindRevoked(serialNumberHex) is not null;

    /// <summary>Normalises a hex serial: upper case, no separators, leading 00 octets removed.</summary>
    public static string NormalizeSerialHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var clean = hex.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (clean.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            clean = clean[2..];
        }

        if (clean.Length % 2 == 1)
        {
            clean = "0" + clean;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(clean);
        }
        catch (FormatException ex)
        {
            throw new Icao9303FormatException("crl.invalid-serial", $"'{hex}' is not a hexadecimal serial number.", ex);
        }

        return SerialToHex(bytes);
    }

    /// <summary>Decodes a DER CertificateList.</summary>
    /// <exception cref="Icao9303FormatException">Malformed CRL (reasons <c>crl.*</c>).</exception>
    public static CertificateRevocationList Decode(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.Length > MaxEncodedLength)
        {
            throw new Icao9303FormatException("crl.too-large", $"CRL of {encoded.Length} bytes exceeds {MaxEncodedLength}.");
        }

        try
        {
            return DecodeCore(encoded);
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("crl.malformed", $"CRL is not valid DER: {ex.Message}", ex);
        }
    }

    private static CertificateRevocationList DecodeCore(ReadOnlyMemory<byte> encoded)
    {
        var outer = new AsnReader(encoded, AsnEncodingRules.DER);
        var list = outer.ReadSequence();
        if (outer.HasData)
        {
            throw new Icao9303FormatException("crl.trailing-data", "Bytes follow the CertificateList.");
        }

        var tbs = list.ReadEncodedValue();
        var outerAlgorithm = list.ReadEncodedValue();
        var signature = list.ReadBitString(out var unused);
        if (unused != 0)
        {
            throw new Icao9303FormatException("crl.malformed", "signatureValue has unused bits.");
        }

        if (list.HasData)
        {
            throw new Icao9303FormatException("crl.malformed", "Unexpected elements after signatureValue.");
        }

        var tbsReader = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        var version = 1;
        if (tbsReader.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            if (!tbsReader.TryReadInt32(out var v) || v != 1)
            {
                throw new Icao9303FormatException("crl.unsupported-version", "TBSCertList version must be v2 (1) when present.");
            }

            version = 2;
        }

        var innerAlgorithm = tbsReader.ReadEncodedValue();
        var issuer = tbsReader.ReadEncodedValue();
        var thisUpdate = ReadTime(tbsReader);
        DateTimeOffset? nextUpdate = null;
        if (tbsReader.HasData && IsTime(tbsReader.PeekTag()))
        {
            nextUpdate = ReadTime(tbsReader);
        }

        var revoked = new List<RevokedCertificate>();
        var index = new Dictionary<string, RevokedCertificate>(StringComparer.Ordinal);
        if (tbsReader.HasData && tbsReader.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbsReader.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                var serialHex = SerialToHex(entry.ReadIntegerBytes().Span);
                var date = ReadTime(entry);
                int? reason = null;
                if (entry.HasData)
                {
                    foreach (var (oid, _, value) in ReadExtensions(entry.ReadSequence()))
                    {
                        if (oid == ReasonCodeOid)
                        {
                            var bytes = new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedBytes().Span;
                            reason = bytes.Length == 1 ? bytes[0] : null;
                        }
                    }
                }

                if (entry.HasData)
                {
                    throw new Icao9303FormatException("crl.malformed", "Unexpected data in a revokedCertificates entry.");
                }

                var item = new RevokedCertificate(serialHex, date, reason);
                revoked.Add(item);
                index.TryAdd(serialHex, item);
            }
        }

        IReadOnlyList<(string, bool, ReadOnlyMemory<byte>)> extensions = [];
        BigInteger? crlNumber = null;
        ReadOnlyMemory<byte>? aki = null;
        if (tbsReader.HasData)
        {
            var explicitTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            var wrapper = tbsReader.ReadSequence(explicitTag);
            extensions = ReadExtensions(wrapper.ReadSequence());
            if (wrapper.HasData)
            {
                throw new Icao9303FormatException("crl.malformed", "Unexpected data after crlExtensions.");
            }

            foreach (var (oid, _, value) in extensions)
            {
                if (oid == CrlNumberOid)
                {
                    crlNumber = new AsnReader(value, AsnEncodingRules.DER).ReadInteger();
                }
                else if (oid == AuthorityKeyIdentifierOid)
                {
                    var akiSeq = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
                    var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
                    if (akiSeq.HasData && akiSeq.PeekTag().HasSameClassAndValue(keyIdTag))
                    {
                        aki = akiSeq.ReadOctetString(keyIdTag);
                    }
                }
            }
        }

        if (tbsReader.HasData)
        {
            throw new Icao9303FormatException("crl.malformed", "Unexpected elements at the end of TBSCertList.");
        }

        return new CertificateRevocationList
        {
            Encoded = encoded,
            TbsCertList = tbs,
            SignatureAlgorithm = outerAlgorithm,
            SignatureAlgorithmOid = new AsnReader(outerAlgorithm, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier(),
            SignatureAlgorithmsMatch = outerAlgorithm.Span.SequenceEqual(innerAlgorithm.Span),
            SignatureValue = signature,
            Version = version,
            Issuer = issuer,
            ThisUpdate = thisUpdate,
            NextUpdate = nextUpdate,
            CrlNumber = crlNumber,
            AuthorityKeyIdentifier = aki,
            Extensions = extensions,
            RevokedCertificates = revoked,
            _revoked = index.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }

    private static List<(string Oid, bool Critical, ReadOnlyMemory<byte> Value)> ReadExtensions(AsnReader sequence)
    {
        var result = new List<(string, bool, ReadOnlyMemory<byte>)>();
        while (sequence.HasData)
        {
            var extension = sequence.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = false;
            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                critical = extension.ReadBoolean();
            }

            var value = extension.ReadOctetString();
            if (extension.HasData)
            {
                throw new Icao9303FormatException("crl.malformed", $"Unexpected data in extension {oid}.");
            }

            result.Add((oid, critical, value));
        }

        return result;
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
        {
            return reader.ReadUtcTime();
        }

        if (tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime))
        {
            return reader.ReadGeneralizedTime();
        }

        throw new Icao9303FormatException("crl.malformed", "Expected UTCTime or GeneralizedTime.");
    }

    private static string SerialToHex(ReadOnlySpan<byte> integer)
    {
        var start = 0;
        // Lookup key: the magnitude without leading 00 octets, so "92", "0092" and DER 00 92 all meet.
        while (start < integer.Length - 1 && integer[start] == 0)
        {
            start++;
        }

        return Convert.ToHexString(integer[start..]);
    }
}
