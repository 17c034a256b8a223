using System.Formats.Asn1;
using System.Security.Cryptography;
using Credentials.IntegrationTests.Stack;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Credentials.IntegrationTests.Infrastructure;

/// <summary>SoftHSM2 of the local stack through raw Pkcs11Interop: tokens present, a non-extractable key pair signs.</summary>
public sealed class SoftHsmTests(SoftHsmFixture hsm)
{
    /// <summary>DER of the namedCurve OID prime256v1 (1.2.840.10045.3.1.7), the value of CKA_EC_PARAMS.</summary>
    private static readonly byte[] P256Parameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    [Fact]
    public void TokenLabels_AfterInfraUp_ContainEveryConfiguredToken()
    {
        var stack = StackEnvironment.RequireOrSkip();

        var labels = hsm.TokenLabels(stack);

        Assert.Equal(["csca", "document-signer", "dtc", "ledger", "tests"], stack.Pkcs11TokenLabels);
        Assert.All(stack.Pkcs11TokenLabels, label => Assert.Contains(label, labels));
    }

    [Fact]
    public void GenerateKeyPair_EcP256OnTestsToken_SignsVerifiablyAndKeepsPrivateKeySecret()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var attributes = hsm.Factories.ObjectAttributeFactory;
        var mechanisms = hsm.Factories.MechanismFactory;
        var label = "integration-" + Guid.NewGuid().ToString("N");
        using var session = hsm.OpenUserSession(stack, "tests");

        // Session objects (CKA_TOKEN=false): they vanish with the session and leave the token clean.
        var publicTemplate = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_TOKEN, false),
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_VERIFY, true),
            attributes.Create(CKA.CKA_EC_PARAMS, P256Parameters),
        };
        var privateTemplate = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_TOKEN, false),
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_PRIVATE, true),
            attributes.Create(CKA.CKA_SENSITIVE, true),
            attributes.Create(CKA.CKA_EXTRACTABLE, false),
            attributes.Create(CKA.CKA_SIGN, true),
        };
        using var generation = mechanisms.Create(CKM.CKM_EC_KEY_PAIR_GEN);
        session.GenerateKeyPair(generation, publicTemplate, privateTemplate, out var publicKey, out var privateKey);

        var digest = SHA256.HashData("Doc 9303 integration test"u8);
        using var ecdsa = mechanisms.Create(CKM.CKM_ECDSA);
        var signature = session.Sign(ecdsa, privateKey, digest);
        var ecPoint = session.GetAttributeValue(publicKey, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
        var privateValue = session.GetAttributeValue(privateKey, [CKA.CKA_VALUE])[0];

        // CKA_EC_POINT is a DER OCTET STRING around the uncompressed point 04 || X || Y.
        var point = AsnDecoder.ReadOctetString(ecPoint, AsnEncodingRules.DER, out var consumed);
        Assert.Equal(ecPoint.Length, consumed);
        Assert.Equal(65, point.Length);
        Assert.Equal(0x04, point[0]);
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
        Assert.Equal(64, signature.Length);
        Assert.True(verifier.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.True(privateValue.CannotBeRead);
    }
}
