namespace Credentials.TrustAnchor.Application;

/// <summary>On what a new self-signed CSCA or an unverifiable CA certificate may be accepted (<see cref="TrustMaterialVerifier"/>).</summary>
internal enum TrustBasis
{
    /// <summary>Only what stored anchors vouch for: a self-signed CSCA whose key is already stored, a link under a stored key.</summary>
    StoredAnchors = 0,

    /// <summary>
    /// The producer of the event vouches for self-signed CSCAs (pkd after verifying a Master List or LDIF, csca for
    /// its own): accepted when the self-signature verifies; a link certificate still needs a stored (or co-delivered) key.
    /// </summary>
    SelfSignedFromOwner = 1,

    /// <summary>The operator asserted trust (ImportTrustMaterial <c>explicitly_trusted</c>): self-signed CSCAs and link certificates.</summary>
    OperatorAsserted = 2,
}
