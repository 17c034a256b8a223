using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.KeyVault.Pkcs11;

/// <summary>Finding and describing key objects on the token: private keys by label or id, their public keys, and
/// the SubjectPublicKeyInfo read from the public key's attributes.</summary>
internal static class Pkcs11KeyObjects
{
    internal static Pkcs11CachedKey? FindPrivateKey(ISession session, KeyReference key)
    {
        var attributes = session.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            key.Label is not null
                ? attributes.Create(CKA.CKA_LABEL, key.Label)
                : attributes.Create(CKA.CKA_ID, Convert.FromHexString(key.Id!)),
        };
        var found = session.FindAllObjects(template);
        return found.Count switch
        {
            0 => null,
            1 => Describe(session, found[0]),
            _ => throw new KeyVaultException(
                KeyVaultErrorReason.Configuration, $"{found.Count} private keys match {key}; labels and ids must be unique on the token."),
        };
    }

    internal static Pkcs11CachedKey Describe(ISession session, IObjectHandle handle)
    {
        var values = session.GetAttributeValue(handle, [CKA.CKA_LABEL, CKA.CKA_ID, CKA.CKA_KEY_TYPE, CKA.CKA_DESTROYABLE]);
        var label = values[0].CannotBeRead ? string.Empty : values[0].GetValueAsString() ?? string.Empty;
        var id = values[1].CannotBeRead ? [] : values[1].GetValueAsByteArray() ?? [];
        var keyType = values[2].CannotBeRead ? ulong.MaxValue : values[2].GetValueAsUlong();
        var isProtected = !values[3].CannotBeRead && !values[3].GetValueAsBool();

        var algorithm = KeyAlgorithm.Unspecified;
        if (keyType == (ulong)CKK.CKK_RSA)
        {
            var modulus = session.GetAttributeValue(handle, [CKA.CKA_MODULUS])[0];
            if (!modulus.CannotBeRead)
            {
                var bytes = modulus.GetValueAsByteArray().AsSpan();
                var bits = (bytes.Length - (bytes.Length - bytes.TrimStart((byte)0).Length)) * 8;
                algorithm = KeyAlgorithms.FromRsaModulusBits(bits);
            }
        }
        else if (keyType == (ulong)CKK.CKK_EC)
        {
            var parameters = session.GetAttributeValue(handle, [CKA.CKA_EC_PARAMS])[0];
            if (!parameters.CannotBeRead)
            {
                try
                {
                    algorithm = Pkcs11PublicKeyEncoding.CurveFromEcParameters(parameters.GetValueAsByteArray());
                }
                catch (KeyVaultException)
                {
                    // A key on a curve this vault does not support: listed, but not usable.
                }
            }
        }

        return new Pkcs11CachedKey(new KeyInfo(label, Convert.ToHexStringLower(id), algorithm, isProtected), handle.ObjectId, id);
    }

    internal static List<IObjectHandle> FindPublicKeys(ISession session, Pkcs11CachedKey key)
    {
        var attributes = session.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute> { attributes.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY) };
        template.Add(key.IdBytes.Length > 0
            ? attributes.Create(CKA.CKA_ID, key.IdBytes)
            : attributes.Create(CKA.CKA_LABEL, key.Info.Label));
        return session.FindAllObjects(template);
    }

    internal static byte[] ReadPublicKey(ISession session, Pkcs11CachedKey key)
    {
        var found = FindPublicKeys(session, key);
        if (found.Count != 1)
        {
            throw new KeyVaultException(
                KeyVaultErrorReason.KeyNotFound,
                $"Key '{key.Info.Label}' has {found.Count} public key objects on the token; exactly one is expected.");
        }

        if (key.Info.Algorithm.IsRsa())
        {
            var values = session.GetAttributeValue(found[0], [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
            return Pkcs11PublicKeyEncoding.RsaSubjectPublicKeyInfo(values[0].GetValueAsByteArray(), values[1].GetValueAsByteArray());
        }

        if (key.Info.Algorithm.IsEc())
        {
            var values = session.GetAttributeValue(found[0], [CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT]);
            return Pkcs11PublicKeyEncoding.EcSubjectPublicKeyInfo(values[0].GetValueAsByteArray(), values[1].GetValueAsByteArray());
        }

        throw new KeyVaultException(KeyVaultErrorReason.UnsupportedAlgorithm, $"Key '{key.Info.Label}' has an unsupported algorithm.");
    }
}
