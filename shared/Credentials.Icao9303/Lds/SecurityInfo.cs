namespace Credentials.Icao9303.Lds;

/// <summary>
/// <c>SecurityInfo ::= SEQUENCE { protocol OBJECT IDENTIFIER, requiredData ANY DEFINED BY protocol,
/// optionalData ANY DEFINED BY protocol OPTIONAL }</c> (Doc 9303 Part 11 section 9.2), with the fields of the known
/// types decoded: version, parameterId/keyId, AA signatureAlgorithm, CA public key.
/// </summary>
public sealed record SecurityInfo
{
    /// <summary>protocol OID.</summary>
    public required string Protocol { get; init; }

    /// <summary>The recognised type.</summary>
    public required SecurityInfoKind Kind { get; init; }

    /// <summary>requiredData as encoded.</summary>
    public required ReadOnlyMemory<byte> RequiredData { get; init; }

    /// <summary>optionalData as encoded, if present.</summary>
    public ReadOnlyMemory<byte>? OptionalData { get; init; }

    /// <summary>version (AA, CA, PACE, TA).</summary>
    public int? Version { get; init; }

    /// <summary>PACEInfo parameterId or ChipAuthentication keyId.</summary>
    public int? ParameterOrKeyId { get; init; }

    /// <summary>ActiveAuthenticationInfo signatureAlgorithm (e.g. ecdsa-plain-SHA256).</summary>
    public string? SignatureAlgorithm { get; init; }

    /// <summary>ChipAuthenticationPublicKeyInfo / PACEDomainParameterInfo key or parameters (DER).</summary>
    public ReadOnlyMemory<byte>? PublicKeyOrParameters { get; init; }
}
