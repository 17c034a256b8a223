using System.Formats.Asn1;
using Credentials.Icao9303.Asn1;
using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Sod;

/// <summary>
/// EF.SOD, the Document Security Object (Doc 9303 Part 10 section 4.6.2): application tag <c>0x77</c> around a CMS
/// ContentInfo(SignedData) whose eContent is an <see cref="LdsSecurityObject"/>.
/// Strict on structure (SignedData version 3, exactly one SignerInfo, no trailing data); explicit, named leniency for
/// what real States issue: BER indefinite lengths (<c>sod.ber-encoding</c>), eContentType id-data
/// (<c>sod.content-type-id-data</c>) or the legacy 1.3.27.1.1.1 (<c>sod.content-type-legacy</c>).
/// </summary>
public sealed class EfSod
{
    /// <summary>The EF.SOD application tag (0x77 = [APPLICATION 23] constructed).</summary>
    public static readonly Asn1Tag Tag = new(TagClass.Application, 23, true);

    private EfSod(ReadOnlyMemory<byte> encoded, CmsSignedData signedData, LdsSecurityObject securityObject, IReadOnlyList<string> warnings)
    {
        Encoded = encoded;
        SignedData = signedData;
        SecurityObject = securityObject;
        Warnings = warnings;
    }

    /// <summary>The EF.SOD bytes as read.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>The CMS SignedData.</summary>
    public CmsSignedData SignedData { get; }

    /// <summary>The single SignerInfo.</summary>
    public CmsSignerInfo SignerInfo => SignedData.SignerInfos[0];

    /// <summary>The decoded LDSSecurityObject.</summary>
    public LdsSecurityObject SecurityObject { get; }

    /// <summary>Named structural warnings (non-conformances accepted explicitly).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Decodes EF.SOD. Accepts the file with its 0x77 tag, or a bare ContentInfo (reported as <c>sod.no-application-tag</c>).</summary>
    /// <exception cref="Icao9303FormatException">Malformed input; reasons start with <c>sod.</c> or <c>cms.</c>.</exception>
    public static EfSod Decode(ReadOnlyMemory<byte> efSod)
    {
        Asn1Decoding.CheckSize(efSod.Span, "sod.malformed", "EF.SOD", 1024 * 1024);

        // Decoded from a private copy, which every decoded field slices: what was verified cannot change afterwards
        // with the caller's buffer, and no field needs a copy of its own.
        efSod = efSod.ToArray();
        var warnings = new List<string>();
        ReadOnlyMemory<byte> contentInfo;
        if (efSod.Span[0] == 0x77)
        {
            var outer = Asn1Decoding.ReadSingle(efSod, AsnEncodingRules.BER, "sod.malformed", "EF.SOD");
            contentInfo = Asn1Decoding.Decode("sod.malformed", "EF.SOD", outer, static outer =>
            {
                var inner = outer.ReadSequence(Tag);
                var value = inner.ReadEncodedValue();
                Asn1Decoding.EnsureEnd(inner, "sod.trailing-data", "EF.SOD application template");
                return value;
            });
        }
        else
        {
            contentInfo = efSod;
            warnings.Add("sod.no-application-tag");
        }

        var signedData = CmsSignedData.DecodeOwned(contentInfo);
        if (signedData.IsBerEncoded)
        {
            warnings.Add("sod.ber-encoding");
        }

        if (signedData.Version != 3)
        {
            throw new Icao9303FormatException("sod.signed-data-version", $"EF.SOD SignedData version is {signedData.Version}; Doc 9303 Part 10 section 4.6.2.1 requires 3.");
        }

        if (signedData.SignerInfos.Count != 1)
        {
            throw new Icao9303FormatException("sod.signer-count", $"EF.SOD has {signedData.SignerInfos.Count} SignerInfos; exactly one is required.");
        }

        switch (signedData.EContentType)
        {
            case Oids.LdsSecurityObject:
                break;
            case Oids.Data:
                warnings.Add("sod.content-type-id-data");
                break;
            case Oids.LegacyLdsSecurityObject:
                warnings.Add("sod.content-type-legacy");
                break;
            default:
                throw new Icao9303FormatException("sod.content-type", $"eContentType {signedData.EContentType} is not id-icao-ldsSecurityObject.");
        }

        if (signedData.EContent is not { } content)
        {
            throw new Icao9303FormatException("sod.no-content", "EF.SOD carries no eContent.");
        }

        var securityObject = LdsSecurityObject.DecodeOwned(content);
        return new EfSod(efSod, signedData, securityObject, warnings);
    }

    /// <summary>The Document Signer certificate embedded in the SOD, if any.</summary>
    public X509CertificateParts? FindDocumentSignerCertificate() => SignedData.FindSignerCertificate(SignerInfo);
}
