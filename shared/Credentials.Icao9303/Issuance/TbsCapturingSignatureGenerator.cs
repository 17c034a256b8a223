using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.Icao9303.Issuance;

/// <summary>
/// An <see cref="X509SignatureGenerator"/> for <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, ReadOnlySpan{byte})"/>
/// that does not sign: <see cref="SignData"/> is synchronous, while an HSM is reached asynchronously, so the generator
/// records the DER <c>TBSCertificate</c> .NET built and returns a placeholder. <see cref="IssuerSigning"/> then has the
/// <see cref="ICertificateSigner"/> sign the recorded bytes and assembles the real certificate around them.
/// </summary>
internal sealed class TbsCapturingSignatureGenerator : X509SignatureGenerator
{
    private readonly byte[] _algorithmIdentifier;

    public TbsCapturingSignatureGenerator(IssuanceSignatureAlgorithm algorithm)
    {
        _algorithmIdentifier = algorithm.EncodeAlgorithmIdentifier();
    }

    /// <summary>The DER TBSCertificate passed to <see cref="SignData"/>; null until then.</summary>
    public byte[]? ToBeSigned { get; private set; }

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => (byte[])_algorithmIdentifier.Clone();

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(data);
        ToBeSigned = (byte[])data.Clone();
        // A placeholder signature; the certificate .NET assembles around it is discarded.
        return [0];
    }

    protected override PublicKey BuildPublicKey() =>
        throw new InvalidOperationException("The subject public key always comes from the CertificateRequest.");
}
