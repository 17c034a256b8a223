using System.Security.Cryptography;
using Credentials.Icao9303.Issuance;

namespace Credentials.Icao9303.Tests.Issuance;

/// <summary>A test-only <see cref="ICertificateSigner"/> over a software key generated inside the test.</summary>
internal sealed class SoftwareCertificateSigner : ICertificateSigner, IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    private SoftwareCertificateSigner(AsymmetricAlgorithm key, IssuanceSignatureAlgorithm algorithm)
    {
        _key = key;
        Algorithm = algorithm;
    }

    public IssuanceSignatureAlgorithm Algorithm { get; }

    public int SignCount { get; private set; }

    public byte[] SubjectPublicKeyInfo => _key.ExportSubjectPublicKeyInfo();

    public static SoftwareCertificateSigner Ec(string curveOid, HashAlgorithmName hash) =>
        new(ECDsa.Create(ECCurve.CreateFromValue(curveOid)), IssuanceSignatureAlgorithm.Ecdsa(hash));

    public static SoftwareCertificateSigner Rsa(int bits, bool pss, HashAlgorithmName hash) =>
        new(RSA.Create(bits), pss ? IssuanceSignatureAlgorithm.RsaPss(hash) : IssuanceSignatureAlgorithm.RsaPkcs1(hash));

    public static SoftwareCertificateSigner P256() => Ec("1.2.840.10045.3.1.7", HashAlgorithmName.SHA256);

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken)
    {
        SignCount++;
        var signature = _key switch
        {
            ECDsa ec => ec.SignHash(digest.Span, DSASignatureFormat.Rfc3279DerSequence),
            RSA rsa => rsa.SignHash(
                digest.ToArray(),
                Algorithm.Hash,
                Algorithm.Kind == IssuanceSignatureKind.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            _ => throw new InvalidOperationException("Unknown key type."),
        };
        return Task.FromResult(signature);
    }

    public void Dispose() => _key.Dispose();
}
