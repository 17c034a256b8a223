using System.Security.Cryptography;
using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// The decoded trust anchors (CSCA and link certificates, keys decoded once — the expensive part with hundreds of
/// explicit-parameter EC keys from Master Lists), identified by a digest of the anchor set so consecutive snapshots
/// share it while only CRLs or notices change.
/// </summary>
internal sealed class AnchorLayer : IDisposable
{
    private AnchorLayer(string key, PassiveAuthenticationTrustStore store)
    {
        Key = key;
        Store = store;
    }

    /// <summary>SHA-256 over the anchors' DER in store order.</summary>
    public string Key { get; }

    /// <summary>The anchors, in the engine's store (no CRLs).</summary>
    public PassiveAuthenticationTrustStore Store { get; }

    public static string KeyOf(IReadOnlyList<byte[]> anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var der in anchors)
        {
            hash.AppendData(SHA256.HashData(der));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Decodes the anchors; those that no longer decode (a stricter decoder) are left out and counted.</summary>
    public static AnchorLayer Build(string key, IReadOnlyList<byte[]> anchors, out int skipped)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        skipped = 0;
        try
        {
            return new AnchorLayer(key, new PassiveAuthenticationTrustStore(anchors.Select(d => (ReadOnlyMemory<byte>)d)));
        }
        catch (Icao9303FormatException)
        {
            var usable = anchors.Where(Decodes).ToList();
            skipped = anchors.Count - usable.Count;
            return new AnchorLayer(key, new PassiveAuthenticationTrustStore(usable.Select(d => (ReadOnlyMemory<byte>)d)));
        }
    }

    public void Dispose() => Store.Dispose();

    private static bool Decodes(byte[] der)
    {
        try
        {
            using var key = VerificationKey.FromSubjectPublicKeyInfo(X509CertificateParts.Decode(der).SubjectPublicKeyInfo);
            return true;
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }
}
