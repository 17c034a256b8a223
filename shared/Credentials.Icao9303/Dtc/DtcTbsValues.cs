using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Dtc;

/// <summary>
/// dtcTBS, the values a DTC Signer signs for the eMRTD-PC bound and PC bound bindings (ICAO TR "Digital Travel
/// Credentials — Virtual Component Data Structure and PKI Mechanisms" v1.2):
/// <code>
/// DTCTBSValues ::= SEQUENCE SIZE (3..31) OF DTCTBSValue
/// </code>
/// The SIZE bound is the TR's; the element type is this suite's profile (<see cref="DtcTbsValue"/>), in which
/// <see cref="DtcTbsValueType.DtcDataDigest"/>, <see cref="DtcTbsValueType.ValidFrom"/> and
/// <see cref="DtcTbsValueType.ValidUntil"/> are mandatory and every value type appears at most once, in ascending order.
/// </summary>
public sealed class DtcTbsValues
{
    /// <summary>Fewest values (TR SIZE constraint).</summary>
    public const int MinCount = 3;

    /// <summary>Most values (TR SIZE constraint).</summary>
    public const int MaxCount = 31;

    /// <summary>Creates dtcTBS from values (sorted by type; a type may appear once).</summary>
    /// <exception cref="ArgumentException">Count outside 3..31, a type outside 0..255 or repeated, or a mandatory type missing.</exception>
    public DtcTbsValues(IEnumerable<DtcTbsValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.OrderBy(v => v.ValueType).ToArray();
        var problem = Problem(sorted);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(values));
        }

        Values = sorted;
    }

    /// <summary>The values, ascending by type.</summary>
    public IReadOnlyList<DtcTbsValue> Values { get; }

    /// <summary>The value of a type, or null.</summary>
    public ReadOnlyMemory<byte>? Find(DtcTbsValueType type)
    {
        // Not a conditional expression: `cond ? memory : null` converts the null through byte[] into an empty memory.
        foreach (var value in Values)
        {
            if (value.ValueType == (int)type)
            {
                return value.Value;
            }
        }

        return null;
    }

    /// <summary>The validity start, decoded.</summary>
    public DateTimeOffset ValidFrom => ReadTime(DtcTbsValueType.ValidFrom);

    /// <summary>The validity end, decoded.</summary>
    public DateTimeOffset ValidUntil => ReadTime(DtcTbsValueType.ValidUntil);

    /// <summary>The profile's values for a DTC: digest over <paramref name="data"/>, validity, optional PC identifier (null = absent; empty is refused).</summary>
    public static DtcTbsValues ForData(DtcData data, DateTimeOffset validFrom, DateTimeOffset validUntil, ReadOnlyMemory<byte>? physicalComponentIdentifier = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var values = new List<DtcTbsValue>
        {
            new((int)DtcTbsValueType.DtcDataDigest, System.Security.Cryptography.SHA256.HashData(data.Encode())),
            new((int)DtcTbsValueType.ValidFrom, Time(validFrom)),
            new((int)DtcTbsValueType.ValidUntil, Time(validUntil)),
        };
        if (physicalComponentIdentifier is { } id)
        {
            if (id.IsEmpty)
            {
                throw new ArgumentException("The physical-component identifier must not be empty; pass null to leave it out.", nameof(physicalComponentIdentifier));
            }

            values.Add(new DtcTbsValue((int)DtcTbsValueType.PhysicalComponentIdentifier, id.ToArray()));
        }

        return new DtcTbsValues(values);
    }

    /// <summary>Writes the DER SEQUENCE OF.</summary>
    public void WriteTo(AsnWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.PushSequence();
        foreach (var value in Values)
        {
            writer.PushSequence();
            writer.WriteInteger(value.ValueType);
            writer.WriteOctetString(value.Value.Span);
            writer.PopSequence();
        }

        writer.PopSequence();
    }

    /// <summary>DER encoding (the bytes a DTC Signer signs in this profile).</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        WriteTo(writer);
        return writer.Encode();
    }

    /// <summary>Reads dtcTBS strictly.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>dtc.tbs</c>, <c>dtc.tbs.count</c>, <c>dtc.tbs.order</c>, <c>dtc.tbs.missing</c>, <c>dtc.tbs.too-large</c>.</exception>
    internal static DtcTbsValues ReadFrom(AsnReader reader, DtcLimits limits)
    {
        var sequence = reader.ReadSequence();
        var values = new List<DtcTbsValue>();
        while (sequence.HasData)
        {
            if (values.Count == MaxCount)
            {
                throw new Icao9303FormatException("dtc.tbs.count", $"DTCTBSValues holds more than {MaxCount} values.");
            }

            var item = sequence.ReadSequence();
            var type = Asn1Decoding.ReadSmallInteger(item, "dtc.tbs", "DTCTBSValue.valueType");
            if (type > 255)
            {
                throw new Icao9303FormatException("dtc.tbs", $"DTCTBSValue.valueType {type} is above 255.");
            }

            var value = item.ReadOctetString();
            if (value.Length > limits.MaxTbsValueBytes)
            {
                throw new Icao9303FormatException("dtc.tbs.too-large", $"DTCTBSValue {type} is {value.Length} bytes, above the limit of {limits.MaxTbsValueBytes}.");
            }

            Asn1Decoding.EnsureEnd(item, "dtc.tbs", "DTCTBSValue");
            if (values.Count > 0 && values[^1].ValueType >= type)
            {
                throw new Icao9303FormatException("dtc.tbs.order", $"DTCTBSValue {type} follows {values[^1].ValueType}; types must be unique and ascending.");
            }

            values.Add(new DtcTbsValue(type, value));
        }

        if (Problem(values) is { } problem)
        {
            throw new Icao9303FormatException(values.Count < MinCount ? "dtc.tbs.count" : "dtc.tbs.missing", problem);
        }

        if (values.FirstOrDefault(v => v.ValueType == (int)DtcTbsValueType.DtcDataDigest) is { } digest && digest.Value.Length != 32)
        {
            throw new Icao9303FormatException("dtc.tbs", "The DTCData digest is not 32 bytes (SHA-256).");
        }

        var result = new DtcTbsValues(values);
        _ = Asn1Decoding.Decode("dtc.tbs.time", "dtcTBS validity", () => (result.ValidFrom, result.ValidUntil));
        return result;
    }

    private static string? Problem(IReadOnlyList<DtcTbsValue> sorted)
    {
        if (sorted.Count is < MinCount or > MaxCount)
        {
            return $"DTCTBSValues must hold {MinCount} to {MaxCount} values, not {sorted.Count}.";
        }

        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].ValueType is < 0 or > 255 || (i > 0 && sorted[i - 1].ValueType == sorted[i].ValueType))
            {
                return $"DTCTBSValue type {sorted[i].ValueType} is outside 0..255 or repeated.";
            }
        }

        foreach (var required in new[] { DtcTbsValueType.DtcDataDigest, DtcTbsValueType.ValidFrom, DtcTbsValueType.ValidUntil })
        {
            if (!sorted.Any(v => v.ValueType == (int)required))
            {
                return $"DTCTBSValues lacks the mandatory {required} value.";
            }
        }

        return null;
    }

    private static byte[] Time(DateTimeOffset value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteGeneralizedTime(new DateTimeOffset(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero), omitFractionalSeconds: true);
        return writer.Encode();
    }

    private DateTimeOffset ReadTime(DtcTbsValueType type)
    {
        var bytes = Find(type) ?? throw new Icao9303FormatException("dtc.tbs.missing", $"dtcTBS lacks {type}.");
        return Asn1Decoding.Decode("dtc.tbs.time", type.ToString(), () =>
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.DER);
            var time = reader.ReadGeneralizedTime();
            Asn1Decoding.EnsureEnd(reader, "dtc.tbs.time", type.ToString());
            return time;
        });
    }
}
