namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Progress of <see cref="SignedListVerifier.VerifyMasterList(ReadOnlyMemory{byte}, IEnumerable{ReadOnlyMemory{byte}}?, IProgress{SignedListProgress}?)"/>
/// on a large list, for a caller that shows it (credctl on a terminal). <see cref="Stage"/> is one of
/// <see cref="Decoding"/> (<see cref="Done"/> of <see cref="Total"/> certList entries decoded),
/// <see cref="Signature"/> (the CMS signature) and <see cref="Chain"/> (the signer's chain to a CSCA; Total = candidates).
/// </summary>
public readonly record struct SignedListProgress(string Stage, int Done, int Total)
{
    /// <summary>Decoding the certList entries.</summary>
    public const string Decoding = "decoding";

    /// <summary>Verifying the SignerInfo.</summary>
    public const string Signature = "signature";

    /// <summary>Looking for the CSCA that issued the signer.</summary>
    public const string Chain = "chain";
}
