using System.Security.Cryptography;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Dtc;

/// <summary>
/// Checks the DTC Signer's signature of an eMRTD-PC bound or PC bound DTC in this suite's profile (docs/dtc.md; the TR's
/// DTCSignerInfo text was not available): the dtcTBS digest value must equal SHA-256 over the DER DTCData (so one changed
/// byte in a data group, dtcSOD or the other DTCData elements is caught), and dtcSignerInfo.signature must verify over the
/// DER of dtcTBS with the public key of dtcSignerInfo.signerCertificate under dtcSignerInfo.signatureAlgorithm
/// (algorithms as for the SignerInfo of EF.SOD, Doc 9303 Part 12 §4). The signer certificate's role (DTC Signer) is
/// decided here by <see cref="CertificateRoleRule"/>; its path, validity and revocation are not: the caller asks the trust store.
/// </summary>
public static class DtcSignatureVerifier
{
    /// <summary>Verifies the signed parts of <paramref name="dtc"/>.</summary>
    /// <exception cref="ArgumentException">The DTC is eMRTD bound (no dtcTBS, no dtcSignerInfo).</exception>
    public static DtcSignatureOutcome Verify(DtcContentInfo dtc)
    {
        ArgumentNullException.ThrowIfNull(dtc);
        if (dtc.Tbs is not { } tbs || dtc.SignerInfo is not { } signerInfo)
        {
            throw new ArgumentException("An eMRTD-bound DTC carries no dtcTBS or dtcSignerInfo.", nameof(dtc));
        }

        var expected = tbs.Find(DtcTbsValueType.DtcDataDigest);
        var actual = SHA256.HashData(dtc.Data.Encode());
        var digestMatches = expected is { } digest && CryptographicOperations.FixedTimeEquals(digest.Span, actual);
        try
        {
            var certificate = X509CertificateParts.Decode(signerInfo.SignerCertificate);
            var valid = SignatureVerifier.Verify(signerInfo.SignatureAlgorithm, certificate.SubjectPublicKeyInfo, tbs.Encode(), signerInfo.Signature);
            // A DTC signature counts only when a DTC Signer made it (the suite's one role rule).
            return new DtcSignatureOutcome(digestMatches, valid, null) { SignerRole = CertificateRoleRule.Check(certificate, CertificateRole.DtcSigner) };
        }
        catch (Icao9303FormatException format)
        {
            return new DtcSignatureOutcome(digestMatches, false, $"{format.Reason}: {format.Message}");
        }
    }
}
