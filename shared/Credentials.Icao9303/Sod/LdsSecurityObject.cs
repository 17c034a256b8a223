using System.Diagnostics;
using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Sod;

/// <summary>
/// The signed content of EF.SOD (Doc 9303 Part 10 section 4.6.2.2):
/// <code>
/// LDSSecurityObject ::= SEQUENCE {
///     version LDSSecurityObjectVersion,                 -- v0(0), v1(1)
///     hashAlgorithm DigestAlgorithmIdentifier,
///     dataGroupHashValues SEQUENCE SIZE (2..ub-DataGroups) OF DataGroupHash,
///     ldsVersionInfo LDSVersionInfo OPTIONAL }         -- present if and only if version is v1
/// </code>
/// </summary>
public sealed class LdsSecurityObject
{
    private const int MaxDataGroups = 16;

    /// <summary>Creates a security object; <paramref name="versionInfo"/> makes it v1.</summary>
    /// <exception cref="ArgumentException">Unsupported digest, duplicate or out-of-range data group numbers, wrong hash lengths.</exception>
    public LdsSecurityObject(string hashAlgorithmOid, IEnumerable<DataGroupHash> dataGroupHashes, LdsVersionInfo? versionInfo = null)
    {
        ArgumentNullException.ThrowIfNull(hashAlgorithmOid);
        ArgumentNullException.ThrowIfNull(dataGroupHashes);
        if (!DigestAlgorithms.IsSupported(hashAlgorithmOid))
        {
            throw new ArgumentException($"Digest algorithm {hashAlgorithmOid} is not allowed by Doc 9303 Part 12.", nameof(hashAlgorithmOid));
        }

        var hashes = dataGroupHashes.OrderBy(h => h.DataGroupNumber).ToList();
        var length = DigestAlgorithms.GetLength(hashAlgorithmOid);
        if (hashes.Count is < 1 or > MaxDataGroups
            || hashes.Any(h => h.DataGroupNumber is < 1 or > 16 || h.HashValue.Length != length)
            || hashes.Select(h => h.DataGroupNumber).Distinct().Count() != hashes.Count)
        {
            throw new ArgumentException("Data group hashes must be 1..16 distinct data groups with hashes of the algorithm's length.", nameof(dataGroupHashes));
        }

        HashAlgorithmOid = hashAlgorithmOid;
        DataGroupHashes = hashes;
        VersionInfo = versionInfo;
    }

    // For Decode, which has checked everything the public constructor checks (supported digest, 1..16 distinct data
    // groups, hash lengths) while reading, and orders the list itself: no second pass over the hashes per EF.SOD.
    private LdsSecurityObject(string hashAlgorithmOid, List<DataGroupHash> orderedHashes, LdsVersionInfo? versionInfo, bool decoded)
    {
        Debug.Assert(decoded, "only Decode passes checked hashes");
        HashAlgorithmOid = hashAlgorithmOid;
        DataGroupHashes = orderedHashes;
        VersionInfo = versionInfo;
    }

    /// <summary>0 (v0) or 1 (v1, with <see cref="VersionInfo"/>).</summary>
    public int Version => VersionInfo is null ? 0 : 1;

    /// <summary>hashAlgorithm OID used for every data group hash.</summary>
    public string HashAlgorithmOid { get; }

    /// <summary>Data group hashes ordered by data group number.</summary>
    public IReadOnlyList<DataGroupHash> DataGroupHashes { get; }

    /// <summary>ldsVersionInfo (v1 only).</summary>
    public LdsVersionInfo? VersionInfo { get; }

    /// <summary>The hash listed for data group <paramref name="number"/>, or null.</summary>
    public DataGroupHash? Find(int number)
    {
        var hashes = DataGroupHashes;
        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i].DataGroupNumber == number)
            {
                return hashes[i];
            }
        }

        return null;
    }

    /// <summary>Creates a security object by hashing the given data group files (whole TLV as read from the chip).</summary>
    public static LdsSecurityObject FromDataGroups(string hashAlgorithmOid, IReadOnlyDictionary<int, byte[]> dataGroups, LdsVersionInfo? versionInfo = null)
    {
        ArgumentNullException.ThrowIfNull(dataGroups);
        return new LdsSecurityObject(
            hashAlgorithmOid,
            dataGroups.Select(kv => new DataGroupHash(kv.Key, DigestAlgorithms.Compute(hashAlgorithmOid, kv.Value))),
            versionInfo);
    }

    /// <summary>Decodes the eContent of EF.SOD (strict: version 0 or 1, version info present exactly for v1, no trailing data).</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>sod.lds-security-object</c>, <c>sod.lds-version</c>.</exception>
    /// <remarks>Decoded from a private copy of <paramref name="encoded"/>: no hash value shares memory with the caller's buffer.</remarks>
    public static LdsSecurityObject Decode(ReadOnlyMemory<byte> encoded)
    {
        Asn1Decoding.CheckSize(encoded.Span, "sod.lds-security-object", "LDSSecurityObject");
        return DecodeOwned(encoded.ToArray());
    }

    /// <summary>
    /// As <see cref="Decode"/> without the copy: the hash values are slices of <paramref name="encoded"/>, which the
    /// caller owns and never changes (EF.SOD decodes its eContent from its own private copy).
    /// </summary>
    internal static LdsSecurityObject DecodeOwned(ReadOnlyMemory<byte> encoded)
    {
        const string reason = "sod.lds-security-object";
        var reader = Asn1Decoding.ReadSingle(encoded, AsnEncodingRules.BER, reason, "LDSSecurityObject");
        return Asn1Decoding.Decode(reason, "LDSSecurityObject", reader, static reader =>
        {
            var seq = reader.ReadSequence();
            var version = Asn1Decoding.ReadSmallInteger(seq, "sod.lds-version", "LDSSecurityObject.version");
            if (version > 1)
            {
                throw new Icao9303FormatException("sod.lds-version", $"LDSSecurityObject version {version} is not v0 or v1.");
            }

            var algorithm = seq.ReadSequence();
            var hashOid = Asn1Decoding.ReadObjectIdentifier(algorithm);
            if (algorithm.HasData)
            {
                algorithm.ReadNull();
            }

            Asn1Decoding.EnsureEnd(algorithm, reason, "hashAlgorithm");
            if (!DigestAlgorithms.IsSupported(hashOid))
            {
                throw new Icao9303FormatException("sod.unsupported-hash-algorithm", $"LDSSecurityObject hashAlgorithm {hashOid} is not supported.");
            }

            var hashes = new List<DataGroupHash>();
            var listed = 0; // bit n: DGn seen (n is 1..16, checked before use)
            var list = seq.ReadSequence();
            var length = DigestAlgorithms.GetLength(hashOid);
            while (list.HasData)
            {
                if (hashes.Count >= MaxDataGroups)
                {
                    throw new Icao9303FormatException(reason, "More than 16 data group hashes.");
                }

                var item = list.ReadSequence();
                var number = Asn1Decoding.ReadSmallInteger(item, reason, "dataGroupNumber");
                var value = Asn1Decoding.ReadOctetStringValue(item);
                Asn1Decoding.EnsureEnd(item, reason, "DataGroupHash");
                if (number is < 1 or > 16)
                {
                    throw new Icao9303FormatException("sod.data-group-number", $"Data group number {number} is outside 1..16.");
                }

                if (value.Length != length)
                {
                    throw new Icao9303FormatException("sod.hash-length", $"DG{number} hash is {value.Length} bytes, not the {length} of {DigestAlgorithms.GetName(hashOid)}.");
                }

                if ((listed & (1 << number)) != 0)
                {
                    throw new Icao9303FormatException("sod.duplicate-data-group", $"DG{number} is listed twice.");
                }

                listed |= 1 << number;

                hashes.Add(new DataGroupHash(number, value));
            }

            if (hashes.Count == 0)
            {
                throw new Icao9303FormatException(reason, "LDSSecurityObject lists no data group.");
            }

            LdsVersionInfo? info = null;
            if (seq.HasData)
            {
                var vi = seq.ReadSequence();
                info = new LdsVersionInfo(vi.ReadCharacterString(UniversalTagNumber.PrintableString), vi.ReadCharacterString(UniversalTagNumber.PrintableString));
                Asn1Decoding.EnsureEnd(vi, reason, "LDSVersionInfo");
            }

            Asn1Decoding.EnsureEnd(seq, reason, "LDSSecurityObject");
            if ((version == 1) != (info is not null))
            {
                throw new Icao9303FormatException("sod.lds-version", "ldsVersionInfo must be present if and only if the version is v1.");
            }

            // Ordered by data group number, as the public constructor orders them (the numbers are distinct).
            hashes.Sort(static (a, b) => a.DataGroupNumber.CompareTo(b.DataGroupNumber));
            return new LdsSecurityObject(hashOid, hashes, info, decoded: true);
        });
    }

    /// <summary>Deterministic DER encoding (data groups in ascending order, hashAlgorithm with NULL parameters omitted as RFC 5754 prefers).</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(Version);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(HashAlgorithmOid);
            }

            using (writer.PushSequence())
            {
                foreach (var hash in DataGroupHashes)
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteInteger(hash.DataGroupNumber);
                        writer.WriteOctetString(hash.HashValue.Span);
                    }
                }
            }

            if (VersionInfo is { } info)
            {
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(UniversalTagNumber.PrintableString, info.LdsVersion);
                    writer.WriteCharacterString(UniversalTagNumber.PrintableString, info.UnicodeVersion);
                }
            }
        }

        return writer.Encode();
    }
}
