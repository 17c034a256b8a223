namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>Input of one Passive Authentication.</summary>
public sealed record PassiveAuthenticationRequest
{
    /// <summary>EF.SOD as read from the chip (with tag 0x77).</summary>
    public required ReadOnlyMemory<byte> EfSod { get; init; }

    /// <summary>Data group files as read (whole TLV), keyed by data group number.</summary>
    public IReadOnlyDictionary<int, ReadOnlyMemory<byte>> DataGroups { get; init; } = new Dictionary<int, ReadOnlyMemory<byte>>();

    /// <summary>The moment the document is validated at (the relying party's clock, or a chosen time).</summary>
    public required DateTimeOffset ValidationTime { get; init; }

    /// <summary>The DSC when it is not embedded in the SOD (DER).</summary>
    public ReadOnlyMemory<byte>? DocumentSignerCertificate { get; init; }

    /// <summary>The printed (optically read) MRZ, compared with DG1 when both are present.</summary>
    public string? PrintedMrz { get; init; }

    /// <summary>Active Authentication challenge sent to the chip.</summary>
    public ReadOnlyMemory<byte>? ActiveAuthenticationChallenge { get; init; }

    /// <summary>Active Authentication response from the chip.</summary>
    public ReadOnlyMemory<byte>? ActiveAuthenticationSignature { get; init; }
}
