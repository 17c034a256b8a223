using System.Text.Json;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.Vds.Idb;

namespace Credentials.DocumentSigner.Application;

/// <summary>A SignVisibleSeal request that passed <see cref="SealRequestValidator"/>: everything but the signer's part of the seal.</summary>
internal sealed record ValidatedSealRequest
{
    public required string RequestId { get; init; }

    /// <summary>The document type the seal-signer key must cover.</summary>
    public required string DocumentType { get; init; }

    public required SealFormat Format { get; init; }

    /// <summary>Issuing State, three characters (VDS header or VDS-NC data.hdr.is).</summary>
    public required string IssuingCountry { get; init; }

    /// <summary>VDS: the document profile; null for a VDS-NC.</summary>
    public VdsDocumentProfile? Profile { get; init; }

    /// <summary>VDS: the document issue date; null = the signing date.</summary>
    public DateOnly? DocumentIssueDate { get; init; }

    /// <summary>VDS: the message zone, checked against <see cref="Profile"/>.</summary>
    public IReadOnlyList<VdsFeature> Features { get; init; } = [];

    /// <summary>VDS-NC: data.hdr; null for a VDS.</summary>
    public VdsNcHeader? VdsNcHeader { get; init; }

    /// <summary>VDS-NC: data.msg (a JSON object).</summary>
    public JsonElement VdsNcMessage { get; init; }

    /// <summary>IDB: the message group, each message checked against its type (<see cref="IdbMessageType.Validate"/>).</summary>
    public IReadOnlyList<IdbMessage> IdbMessages { get; init; } = [];

    /// <summary>IDB: embed the signer certificate (tag 0x7E).</summary>
    public bool IdbEmbedSignerCertificate { get; init; }

    /// <summary>IDB: zlib-compress the payload.</summary>
    public bool IdbCompress { get; init; }

    /// <summary>The profile name (VDS), type (VDS-NC) or "idb", as the SealIssued event reports it.</summary>
    public string ProfileName => Profile?.Name ?? VdsNcHeader?.Type ?? (Format == SealFormat.Idb ? "idb" : string.Empty);
}
