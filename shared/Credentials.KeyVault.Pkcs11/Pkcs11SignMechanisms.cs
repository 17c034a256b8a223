using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// The PKCS#11 signing mechanisms, per signature scheme: CKM_ECDSA (raw r||s, returned as a DER ECDSA-Sig-Value),
/// CKM_RSA_PKCS over a DigestInfo built by the caller, and CKM_RSA_PKCS_PSS with its hash, MGF1 and salt length
/// (PKCS#11 v2.40 sections 2.3.6, 2.1.6 and 2.1.10). The signature schemes Doc 9303 Part 12 section 4 allows.
/// </summary>
internal static class Pkcs11SignMechanisms
{
    private static IMechanism CreateSignMechanism(ISession session, SignatureScheme scheme)
    {
        var mechanisms = session.Factories.MechanismFactory;
        switch (scheme.Kind)
        {
            case SignatureSchemeKind.Ecdsa:
                return mechanisms.Create(CKM.CKM_ECDSA);
            case SignatureSchemeKind.RsaPkcs1:
                return mechanisms.Create(CKM.CKM_RSA_PKCS);
            case SignatureSchemeKind.RsaPss:
                var parameters = session.Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
                    (ulong)HashMechanism(scheme.Hash), (ulong)Mgf1(scheme.Mgf1Hash), (ulong)scheme.SaltLength);
                return mechanisms.Create(CKM.CKM_RSA_PKCS_PSS, parameters);
            default:
                throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Signature scheme {scheme.Kind} is not supported.");
        }
    }

    private static CKM HashMechanism(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? CKM.CKM_SHA256
        : hash == HashAlgorithmName.SHA384 ? CKM.CKM_SHA384
        : hash == HashAlgorithmName.SHA512 ? CKM.CKM_SHA512
        : throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Hash algorithm '{hash.Name}' is not supported.");

    private static CKG Mgf1(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? CKG.CKG_MGF1_SHA256
        : hash == HashAlgorithmName.SHA384 ? CKG.CKG_MGF1_SHA384
        : hash == HashAlgorithmName.SHA512 ? CKG.CKG_MGF1_SHA512
        : throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"MGF1 hash '{hash.Name}' is not supported.");

    internal static byte[] Sign(ISession session, Pkcs11CachedKey key, byte[] input, SignatureScheme scheme)
    {
        using var mechanism = CreateSignMechanism(session, scheme);
        var handle = session.Factories.ObjectHandleFactory.Create(key.PrivateKeyHandle);
        var signature = session.Sign(mechanism, handle, input);
        return scheme.Kind == SignatureSchemeKind.Ecdsa
            ? EcdsaSignatureEncoding.RawToDer(signature, key.Info.Algorithm.CurveFieldBytes())
            : signature;
    }
}
