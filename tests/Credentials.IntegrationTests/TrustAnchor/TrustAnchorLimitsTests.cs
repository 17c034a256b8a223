using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Grpc.Core;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 15 item 7: receive limits agree with what each RPC legitimately carries — ImportTrustMaterial takes a 10 MiB
/// Master List (TrustAnchor:MaxImportBytes is 16 MiB), every other RPC of the service keeps the 4 MiB default.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorLimitsTests(SuiteFixture suite)
{
    private const int TenMiB = 10 * 1024 * 1024;

    [Fact]
    public async Task ImportTrustMaterial_TenMiBMasterList_Imported()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var masterList = LargeMasterList(out var padded);
        Assert.True(masterList.Length >= TenMiB, $"{masterList.Length} bytes");

        var response = await admin.Client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-limits-" + Convert.ToHexStringLower(SHA256.HashData(masterList))[..32],
            Kind = TrustMaterialKind.MasterList,
            Content = ByteString.CopyFrom(masterList),
            Source = "integration test: 10 MiB Master List",
            ExplicitlyTrusted = true,
        }, deadline: DateTime.UtcNow.AddMinutes(5), cancellationToken: ct);

        // The list's CSCA is stored (or was by an earlier run); its padded end-entity entries are not CA certificates.
        Assert.Equal(padded, response.RejectedCount);
        Assert.Equal(1, response.AddedCertificates.Count + response.UnchangedCount);
    }

    [Fact]
    public async Task VerifyCertificate_FiveMiBRequest_ResourceExhaustedPayloadTooLarge()
    {
        var ct = TestContext.Current.CancellationToken;
        using var relying = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await relying.Client.VerifyCertificateAsync(
            new VerifyCertificateRequest { Certificate = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) }, deadline: DateTime.UtcNow.AddMinutes(1), cancellationToken: ct));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("PAYLOAD_TOO_LARGE", Credentials.ServiceDefaults.Grpc.GrpcErrors.GetReason(error));
    }

    /// <summary>A Master List signed under a test CSCA (in the list) whose other entries are end-entity certificates padded to 32 KiB each.</summary>
    private static byte[] LargeMasterList(out int padded)
    {
        var now = DateTimeOffset.UtcNow;
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cscaRequest = new CertificateRequest("C=ZZ, O=Credentials tests, CN=Limits test CSCA", cscaKey, HashAlgorithmName.SHA256);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        cscaRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false));
        using var csca = cscaRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        var generator = X509SignatureGenerator.CreateForECDsa(cscaKey);

        var signerRequest = new CertificateRequest("C=ZZ, O=Credentials tests, CN=Limits test Master List Signer", signerKey, HashAlgorithmName.SHA256);
        signerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        signerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("2.23.136.1.1.3")], false));
        signerRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false));
        using var signer = signerRequest.Create(csca.SubjectName, generator, now.AddDays(-1), now.AddYears(1), [0x4d, 0x4c]);

        var entries = new List<ReadOnlyMemory<byte>> { csca.RawData };
        var padding = new AsnWriter(AsnEncodingRules.DER);
        padding.WriteOctetString(new byte[32 * 1024]);
        var paddingValue = padding.Encode();
        var size = 0;
        for (var i = 1; size < TenMiB + (64 * 1024); i++)
        {
            var request = new CertificateRequest($"C=ZZ, O=Credentials tests, CN=Limits test padding {i}", leafKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.55555.15.7", paddingValue, false));
            using var leaf = request.Create(csca.SubjectName, generator, now.AddDays(-1), now.AddYears(1), BitConverter.GetBytes(i));
            entries.Add(leaf.RawData);
            size += leaf.RawData.Length;
        }

        padded = entries.Count - 1;
        var input = MasterListBuilder.PrepareSigning(entries, Oids.Sha256, now);
        var signature = signerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return MasterListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);
    }
}
