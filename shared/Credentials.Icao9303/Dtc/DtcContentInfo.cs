using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;

namespace Credentials.Icao9303.Dtc;

/// <summary>
/// The DTC virtual component (ICAO TR "Digital Travel Credentials — Virtual Component Data Structure and PKI
/// Mechanisms" v1.2):
/// <code>
/// DTCContentInfo ::= SEQUENCE {
///     version       INTEGER { v1(1) },
///     dtcData       DTCData,
///     dtcTBS        [0] EXPLICIT DTCTBSValues OPTIONAL,   -- present for eMRTD-PC bound / PC bound only
///     dtcSignerInfo [1] EXPLICIT DTCSignerInfo OPTIONAL } -- present for eMRTD-PC bound / PC bound only
/// </code>
/// The decoder is strict DER and bounded (<see cref="DtcLimits"/>): the size is checked before parsing, every length
/// against the remaining input, trailing data and unknown top-level elements are rejected, dtcTBS and dtcSignerInfo must
/// appear together, and a DTC without dtcSOD must carry them (PC bound). It throws only
/// <see cref="Icao9303FormatException"/>. The encoder is deterministic DER.
/// </summary>
public sealed class DtcContentInfo
{
    /// <summary>The only version the TR defines.</summary>
    public const int Version1 = 1;

    private static readonly Asn1Tag TbsTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag SignerInfoTag = new(TagClass.ContextSpecific, 1, isConstructed: true);

    /// <summary>Creates a DTC.</summary>
    /// <exception cref="ArgumentException">Only one of dtcTBS and dtcSignerInfo given, or neither without dtcSOD.</exception>
    public DtcContentInfo(DtcData data, DtcTbsValues? tbs = null, DtcSignerInfo? signerInfo = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (ConsistencyProblem(data, tbs is not null, signerInfo is not null) is { } problem)
        {
            throw new ArgumentException(problem.Message);
        }

        Data = data;
        Tbs = tbs;
        SignerInfo = signerInfo;
    }

    /// <summary>dtcData.</summary>
    public DtcData Data { get; }

    /// <summary>dtcTBS, or null (eMRTD bound).</summary>
    public DtcTbsValues? Tbs { get; }

    /// <summary>dtcSignerInfo, or null (eMRTD bound).</summary>
    public DtcSignerInfo? SignerInfo { get; }

    /// <summary>The binding implied by the present parts.</summary>
    public DtcBindingKind Binding => (Data.SecurityObject is not null, Tbs is not null) switch
    {
        (true, false) => DtcBindingKind.EmrtdBound,
        (true, true) => DtcBindingKind.EmrtdPcBound,
        _ => DtcBindingKind.PcBound,
    };

    /// <summary>An eMRTD-bound DTC (type 1): version v1, the eMRTD's SOD and data groups, no dtcTBS, no dtcSignerInfo.</summary>
    public static DtcContentInfo EmrtdBound(byte[] securityObject, IReadOnlyDictionary<int, byte[]> dataGroups)
    {
        ArgumentNullException.ThrowIfNull(securityObject);
        return new(new DtcData(securityObject, dataGroups));
    }

    /// <summary>Deterministic DER encoding.</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        writer.WriteInteger(Version1);
        Data.WriteTo(writer);
        if (Tbs is not null)
        {
            writer.PushSequence(TbsTag);
            Tbs.WriteTo(writer);
            writer.PopSequence(TbsTag);
        }

        if (SignerInfo is not null)
        {
            writer.PushSequence(SignerInfoTag);
            SignerInfo.WriteTo(writer);
            writer.PopSequence(SignerInfoTag);
        }

        writer.PopSequence();
        return writer.Encode();
    }

    /// <summary>Decodes a DER DTCContentInfo with the default limits.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>dtc.content-info*</c>, <c>dtc.data*</c>, <c>dtc.tbs*</c>, <c>dtc.signer-info*</c>.</exception>
    public static DtcContentInfo Decode(ReadOnlyMemory<byte> der) => Decode(der, DtcLimits.Default);

    /// <summary>Decodes a DER DTCContentInfo with explicit limits.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>dtc.content-info*</c>, <c>dtc.data*</c>, <c>dtc.tbs*</c>, <c>dtc.signer-info*</c>.</exception>
    public static DtcContentInfo Decode(ReadOnlyMemory<byte> der, DtcLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        const string Reason = "dtc.content-info";
        Asn1Decoding.CheckSize(der.Span, Reason + ".size", "DTCContentInfo", limits.MaxContentInfoBytes);
        var outer = Asn1Decoding.ReadSingle(der, AsnEncodingRules.DER, Reason, "DTCContentInfo");
        return Asn1Decoding.Decode(Reason, "DTCContentInfo", () =>
        {
            var sequence = outer.ReadSequence();
            Asn1Decoding.EnsureEnd(outer, Reason, "DTCContentInfo");
            var version = Asn1Decoding.ReadSmallInteger(sequence, Reason + ".version", "DTCContentInfo.version");
            if (version != Version1)
            {
                throw new Icao9303FormatException(Reason + ".version", $"DTCContentInfo.version is {version}, not v1(1).");
            }

            var data = DtcData.ReadFrom(sequence, limits);
            DtcTbsValues? tbs = null;
            DtcSignerInfo? signerInfo = null;
            if (sequence.HasData && sequence.PeekTag() == TbsTag)
            {
                var inner = sequence.ReadSequence(TbsTag);
                tbs = DtcTbsValues.ReadFrom(inner, limits);
                Asn1Decoding.EnsureEnd(inner, Reason, "dtcTBS");
            }

            if (sequence.HasData && sequence.PeekTag() == SignerInfoTag)
            {
                var inner = sequence.ReadSequence(SignerInfoTag);
                signerInfo = DtcSignerInfo.ReadFrom(inner, limits);
                Asn1Decoding.EnsureEnd(inner, Reason, "dtcSignerInfo");
            }

            Asn1Decoding.EnsureEnd(sequence, Reason + ".trailing-elements", "DTCContentInfo");
            if (ConsistencyProblem(data, tbs is not null, signerInfo is not null) is { } problem)
            {
                throw problem;
            }

            return new DtcContentInfo(data, tbs, signerInfo);
        });
    }

    private static Icao9303FormatException? ConsistencyProblem(DtcData data, bool hasTbs, bool hasSignerInfo)
    {
        if (hasTbs != hasSignerInfo)
        {
            return new Icao9303FormatException("dtc.content-info.binding", "dtcTBS and dtcSignerInfo must both be present or both absent.");
        }

        if (data.SecurityObject is null && !hasTbs)
        {
            return new Icao9303FormatException("dtc.content-info.binding", "A DTC without dtcSOD (PC bound) must carry dtcTBS and dtcSignerInfo.");
        }

        return null;
    }
}
