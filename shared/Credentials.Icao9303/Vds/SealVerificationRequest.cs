using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Vds;

/// <summary>What to verify: the seal bytes (VDS binary or VDS-NC UTF-8 JSON) and, for a VDS, the signer certificates the
/// relying party knows (a VDS names its signer by signer identifier and certificate reference; a VDS-NC embeds it).</summary>
public sealed record SealVerificationRequest
{
    /// <summary>The seal: VDS bytes (0xDC …), VDS-NC JSON or IDB text as ASCII (RDB1/NDB1 …).</summary>
    public required ReadOnlyMemory<byte> Seal { get; init; }

    /// <summary>Candidate signer certificates (DER) for a VDS or an IDB without an embedded signer; ignored for a VDS-NC.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> SignerCertificates { get; init; } = [];

    /// <summary>Already decoded signer certificates (e.g. a store's), matched by reference before anything is verified.</summary>
    public IReadOnlyList<X509CertificateParts> KnownSignerCertificates { get; init; } = [];

    /// <summary>The time the verification is made for.</summary>
    public required DateTimeOffset ValidationTime { get; init; }
}
