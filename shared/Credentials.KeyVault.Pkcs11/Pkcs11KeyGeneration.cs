using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// Key pair generation on the token, per algorithm: CKM_RSA_PKCS_KEY_PAIR_GEN (modulus bits, exponent 65537) or
/// CKM_EC_KEY_PAIR_GEN (named-curve parameters). The private key is a sensitive, non-extractable token object that may
/// only sign; a protected key is also not destroyable (CKA_DESTROYABLE false).
/// </summary>
internal static class Pkcs11KeyGeneration
{
    private static readonly byte[] RsaPublicExponent = [0x01, 0x00, 0x01];

    internal static Pkcs11CachedKey Generate(ISession session, string label, KeyAlgorithm algorithm, bool isProtected)
    {
        if (Pkcs11KeyObjects.FindPrivateKey(session, KeyReference.ByLabel(label)) is not null)
        {
            throw new KeyVaultException(KeyVaultErrorReason.KeyAlreadyExists, $"A key labelled '{label}' already exists.");
        }

        var id = RandomNumberGenerator.GetBytes(16);
        var attributes = session.Factories.ObjectAttributeFactory;
        var publicTemplate = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY),
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, false),
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_ID, id),
            attributes.Create(CKA.CKA_VERIFY, true),
            attributes.Create(CKA.CKA_ENCRYPT, false),
            attributes.Create(CKA.CKA_WRAP, false),
        };
        var privateTemplate = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, true),
            attributes.Create(CKA.CKA_SENSITIVE, true),
            attributes.Create(CKA.CKA_EXTRACTABLE, false),
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_ID, id),
            attributes.Create(CKA.CKA_SIGN, true),
            attributes.Create(CKA.CKA_DECRYPT, false),
            attributes.Create(CKA.CKA_UNWRAP, false),
            attributes.Create(CKA.CKA_DERIVE, false),
        };
        if (isProtected)
        {
            privateTemplate.Add(attributes.Create(CKA.CKA_DESTROYABLE, false));
            publicTemplate.Add(attributes.Create(CKA.CKA_DESTROYABLE, false));
        }

        CKM mechanismType;
        if (algorithm.IsRsa())
        {
            mechanismType = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
            publicTemplate.Add(attributes.Create(CKA.CKA_MODULUS_BITS, (ulong)algorithm.RsaModulusBits()));
            publicTemplate.Add(attributes.Create(CKA.CKA_PUBLIC_EXPONENT, RsaPublicExponent));
        }
        else
        {
            mechanismType = CKM.CKM_EC_KEY_PAIR_GEN;
            publicTemplate.Add(attributes.Create(CKA.CKA_EC_PARAMS, algorithm.CurveParametersDer()));
        }

        using var mechanism = session.Factories.MechanismFactory.Create(mechanismType);
        session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out _, out var privateKey);
        return new Pkcs11CachedKey(new KeyInfo(label, Convert.ToHexStringLower(id), algorithm, isProtected), privateKey.ObjectId, id);
    }
}
