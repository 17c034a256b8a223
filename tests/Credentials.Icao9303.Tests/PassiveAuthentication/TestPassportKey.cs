namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>Key and signature algorithm of a <see cref="TestPassport"/>'s CSCA, Document Signer and SOD.</summary>
public enum TestPassportKey
{
    /// <summary>ECDSA P-256 with SHA-256.</summary>
    EcP256,

    /// <summary>ECDSA brainpoolP384r1 (named curve) with SHA-384, the curve family many European States use.</summary>
    EcBrainpoolP384,

    /// <summary>RSA 2048, PKCS#1 v1.5 with SHA-256.</summary>
    RsaPkcs1,

    /// <summary>RSA 2048, RSASSA-PSS with SHA-256.</summary>
    RsaPss,
}
