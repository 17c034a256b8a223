using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Sod;
using Credentials.Icao9303.Tests.PassiveAuthentication.Adversarial;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>
/// A genuine passport made at test time — CSCA, Document Signer (Doc 9303 Part 12 profile: KU digitalSignature,
/// Document Type List P), DG1 with the Part 4 specimen MRZ, a DG2 filler and an EF.SOD over them built with
/// <see cref="EfSodBuilder"/> — for tests that need <em>some</em> valid SOD rather than a particular State's. Keys are
/// software keys generated in the test; nothing is stored.
/// </summary>
internal sealed class TestPassport : IDisposable
{
    public static readonly DateTimeOffset Now = ForgeryPki.Now;

    private readonly AsymmetricAlgorithm _cscaKey;
    private readonly AsymmetricAlgorithm _dscKey;

    private TestPassport(TestPassportKey kind, AsymmetricAlgorithm cscaKey, AsymmetricAlgorithm dscKey, X509Certificate2 csca, X509Certificate2 dsc, Dictionary<int, ReadOnlyMemory<byte>> dataGroups, byte[] sod)
    {
        Kind = kind;
        _cscaKey = cscaKey;
        _dscKey = dscKey;
        CscaCertificate = csca;
        DscCertificate = dsc;
        DataGroups = dataGroups;
        Sod = sod;
    }

    public TestPassportKey Kind { get; }

    public X509Certificate2 CscaCertificate { get; }

    public X509Certificate2 DscCertificate { get; }

    public byte[] Csca => CscaCertificate.RawData;

    public byte[] Dsc => DscCertificate.RawData;

    /// <summary>DG1 (specimen MRZ) and DG2, by number.</summary>
    public Dictionary<int, ReadOnlyMemory<byte>> DataGroups { get; }

    /// <summary>The EF.SOD (tag 0x77) embedding the Document Signer certificate.</summary>
    public byte[] Sod { get; }

    /// <summary>The printed MRZ that DG1 holds (lines separated by "\n").</summary>
    public static string Mrz => ForgeryPki.Mrz;

    /// <summary>Offset of the embedded DSC inside <see cref="Sod"/>.</summary>
    public int DscOffset => Sod.AsSpan().IndexOf(Dsc);

    /// <param name="kind">Key and signature algorithm.</param>
    /// <param name="dataGroups">The data groups (default: DG1 of <see cref="Mrz"/> and a DG2 filler).</param>
    /// <param name="variant">A real-world form the passport takes (default: none).</param>
    public static TestPassport Create(TestPassportKey kind = TestPassportKey.EcP256, IReadOnlyDictionary<int, ReadOnlyMemory<byte>>? dataGroups = null, Variant variant = Variant.None)
    {
        if ((variant == Variant.RsaEncryptionWithoutHash && kind != TestPassportKey.RsaPkcs1)
            || (variant == Variant.ExplicitDscParameters && kind is not (TestPassportKey.EcP256 or TestPassportKey.EcBrainpoolP384)))
        {
            throw new ArgumentException($"{variant} does not apply to {kind}.", nameof(variant));
        }

        var cscaKey = NewKey(kind);
        var dscKey = NewKey(kind);
        var cscaRequest = Request("CN=Utopia CSCA,O=Utopia,C=UT", cscaKey, kind);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        cscaRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false));
        var csca = cscaRequest.Create(cscaRequest.SubjectName, Generator(cscaKey, kind), Now.AddYears(-2), Now.AddYears(10), [0x01]);

        var dscRequest = variant == Variant.ExplicitDscParameters
            ? new CertificateRequest(new X500DistinguishedName("CN=Utopia DS,O=Utopia,C=UT"), PublicKey.CreateFromSubjectPublicKeyInfo(ExplicitSubjectPublicKeyInfo((ECDsa)dscKey), out _), HashFor(kind))
            : Request("CN=Utopia DS,O=Utopia,C=UT", dscKey, kind);
        dscRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        dscRequest.CertificateExtensions.Add(IcaoExtensions.DocumentTypeList(["P"]));
        dscRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(dscRequest.PublicKey, false));
        dscRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var dsc = dscRequest.Create(csca.SubjectName, Generator(cscaKey, kind), Now.AddYears(-1), Now.AddYears(5), [0x10, 0x01]);

        var groups = dataGroups?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? new Dictionary<int, ReadOnlyMemory<byte>>
        {
            [1] = new DataGroup1(MachineReadableZone.Parse(ForgeryPki.Mrz)).Encode(),
            [2] = Dg2Filler(),
        };
        var digest = kind == TestPassportKey.EcBrainpoolP384 ? Oids.Sha384 : Oids.Sha256;
        var lso = LdsSecurityObject.FromDataGroups(digest, groups.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
        var input = EfSodBuilder.PrepareSigning(lso, digest, Now.AddDays(-1));
        var (algorithm, signature) = Sign(dscKey, kind, input.DigestToSign.Span);
        if (variant == Variant.RsaEncryptionWithoutHash)
        {
            algorithm = SignatureAlgorithm.FromOid(Oids.RsaEncryption, null, digest);
        }

        var sod = EfSodBuilder.Assemble(input, algorithm, signature, dsc.RawData);
        return new TestPassport(kind, cscaKey, dscKey, csca, dsc, groups, sod);
    }

    /// <summary>Real-world forms a <see cref="TestPassport"/> can take.</summary>
    public enum Variant
    {
        /// <summary>The profile of <see cref="TestPassportKey"/> as it is.</summary>
        None,

        /// <summary>
        /// With <see cref="TestPassportKey.RsaPkcs1"/>: the SOD's signatureAlgorithm is bare <c>rsaEncryption</c>, the
        /// hash named only by the digestAlgorithm (as in the AU, NZ and US SODs of the corpus).
        /// </summary>
        RsaEncryptionWithoutHash,

        /// <summary>
        /// With an EC key: the DSC's public key carries explicit domain parameters instead of the curve's OID (as in
        /// the AT, DE, FI, RU and UK DSCs of the corpus).
        /// </summary>
        ExplicitDscParameters,
    }

    /// <summary>
    /// The SubjectPublicKeyInfo of <paramref name="key"/> with explicit prime-field domain parameters (RFC 3279
    /// section 2.3.5 ECParameters, version 1, no seed) in place of the named curve's OID.
    /// </summary>
    public static byte[] ExplicitSubjectPublicKeyInfo(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var p = key.ExportExplicitParameters(false);
        return ExplicitSubjectPublicKeyInfo(
            p.Curve.Prime!, p.Curve.A!, p.Curve.B!, [0x04, .. p.Curve.G.X!, .. p.Curve.G.Y!], p.Curve.Order!, p.Curve.Cofactor!, [0x04, .. p.Q.X!, .. p.Q.Y!]);
    }

    /// <summary>
    /// A SubjectPublicKeyInfo with explicit prime-field domain parameters (RFC 3279 section 2.3.5 ECParameters, version 1,
    /// no seed) written from their values: field prime, curve coefficients a and b, uncompressed base point, order,
    /// cofactor and the uncompressed public point. Also for curves .NET cannot create.
    /// </summary>
    public static byte[] ExplicitSubjectPublicKeyInfo(byte[] prime, byte[] a, byte[] b, byte[] generator, byte[] order, byte[] cofactor, byte[] publicPoint)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.EcPublicKey);
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Oids.PrimeField);
                        writer.WriteIntegerUnsigned(prime);
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteOctetString(a);
                        writer.WriteOctetString(b);
                    }

                    writer.WriteOctetString(generator);
                    writer.WriteIntegerUnsigned(order);
                    writer.WriteIntegerUnsigned(cofactor);
                }
            }

            writer.WriteBitString(publicPoint);
        }

        return writer.Encode();
    }

    /// <summary>A trust store holding the CSCA (and <paramref name="crls"/>).</summary>
    public PassiveAuthenticationTrustStore TrustStore(params byte[][] crls) =>
        new([Csca], crls.Select(c => (ReadOnlyMemory<byte>)c));

    /// <summary>The verification request of this passport (or of <paramref name="sod"/> with its data groups) at <see cref="Now"/>.</summary>
    public PassiveAuthenticationRequest Request(byte[]? sod = null) => new()
    {
        EfSod = sod ?? Sod,
        DataGroups = DataGroups,
        ValidationTime = Now,
    };

    /// <summary>Verifies with a fresh authenticator over <see cref="TrustStore"/>.</summary>
    public PassiveAuthenticationResult Verify(Func<PassiveAuthenticationRequest, PassiveAuthenticationRequest>? adjust = null, PassiveAuthenticationPolicy? policy = null, params byte[][] crls)
    {
        using var store = TrustStore(crls);
        using var authenticator = new PassiveAuthenticator(store, policy);
        var request = Request();
        return authenticator.Verify(adjust?.Invoke(request) ?? request);
    }

    /// <summary>
    /// Another EF.SOD signed by this passport's DSC (same key, certificate and signature algorithm) over
    /// <paramref name="dataGroups"/> hashed with <paramref name="hashAlgorithmOid"/>.
    /// </summary>
    public byte[] Resign(string hashAlgorithmOid, IReadOnlyDictionary<int, ReadOnlyMemory<byte>> dataGroups)
    {
        var digest = Kind == TestPassportKey.EcBrainpoolP384 ? Oids.Sha384 : Oids.Sha256;
        var lso = LdsSecurityObject.FromDataGroups(hashAlgorithmOid, dataGroups.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
        var input = EfSodBuilder.PrepareSigning(lso, digest, Now.AddDays(-1));
        var (algorithm, signature) = Sign(_dscKey, Kind, input.DigestToSign.Span);
        return EfSodBuilder.Assemble(input, algorithm, signature, Dsc);
    }

    /// <summary>A CRL of the CSCA, issued at <see cref="Now"/> (next update in 30 days), revoking <paramref name="revoked"/>.</summary>
    public byte[] Crl(params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, Now.AddHours(-1));
        }

        return builder.Build(CscaCertificate.SubjectName, Generator(_cscaKey, Kind), 1, Now.AddDays(30),
            HashFor(Kind), X509AuthorityKeyIdentifierExtension.CreateFromCertificate(CscaCertificate, true, false), Now);
    }

    public void Dispose()
    {
        CscaCertificate.Dispose();
        DscCertificate.Dispose();
        _cscaKey.Dispose();
        _dscKey.Dispose();
    }

    private static byte[] Dg2Filler()
    {
        // A DG2-tagged TLV of 600 bytes: enough room for mutation tests to change bytes inside it.
        var body = new byte[600];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(i * 7 + 3);
        }

        return [0x75, 0x82, (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    private static AsymmetricAlgorithm NewKey(TestPassportKey kind) => kind switch
    {
        TestPassportKey.EcP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        TestPassportKey.EcBrainpoolP384 => ECDsa.Create(ECCurve.NamedCurves.brainpoolP384r1),
        _ => RSA.Create(2048),
    };

    private static HashAlgorithmName HashFor(TestPassportKey kind) => kind == TestPassportKey.EcBrainpoolP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key, TestPassportKey kind) => key switch
    {
        ECDsa ec => new CertificateRequest(subject, ec, HashFor(kind)),
        RSA rsa => new CertificateRequest(subject, rsa, HashFor(kind), kind == TestPassportKey.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException("Unknown key type.", nameof(key)),
    };

    private static X509SignatureGenerator Generator(AsymmetricAlgorithm key, TestPassportKey kind) => key switch
    {
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, kind == TestPassportKey.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException("Unknown key type.", nameof(key)),
    };

    private static (SignatureAlgorithm Algorithm, byte[] Signature) Sign(AsymmetricAlgorithm key, TestPassportKey kind, ReadOnlySpan<byte> digest) => kind switch
    {
        TestPassportKey.EcP256 => (SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), ((ECDsa)key).SignHash(digest, DSASignatureFormat.Rfc3279DerSequence)),
        TestPassportKey.EcBrainpoolP384 => (SignatureAlgorithm.FromOid(Oids.EcdsaWithSha384, null), ((ECDsa)key).SignHash(digest, DSASignatureFormat.Rfc3279DerSequence)),
        TestPassportKey.RsaPkcs1 => (SignatureAlgorithm.FromOid(Oids.Sha256WithRsa, null), ((RSA)key).SignHash(digest.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
        _ => (SignatureAlgorithm.CreatePss(Oids.Sha256), ((RSA)key).SignHash(digest.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pss)),
    };
}
