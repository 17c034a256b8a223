using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using CheckStatus = Credentials.Contracts.Common.V1.CheckStatus;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// Issue 7, trust-anchor: the real CSCAs and Master Lists are imported over gRPC+mTLS and every real-country SOD is
/// verified through VerifyDocument at a time inside its DSC's validity; the verdicts equal the offline Passive
/// Authentication of the Doc 9303 core with the same CSCA (docs/conformance.md, docs/trust-anchor.md).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrustAnchorVerificationTests(SuiteFixture suite)
{
    public static IEnumerable<ITheoryDataRow> WithCsca() => IcaoVectors.Rows(new TheoryData<string>(TrustVectors.WithCsca));

    public static IEnumerable<ITheoryDataRow> WithoutCsca() => IcaoVectors.Rows(new TheoryData<string>(TrustVectors.WithoutCsca));

    [Theory]
    [MemberData(nameof(WithCsca))]
    public async Task VerifyDocument_RealSodAfterImportingItsCsca_AgreesWithOfflineVerdict(string set)
    {
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var client = trustAnchor.Client;
        var csca = await File.ReadAllBytesAsync(Path.Combine(TrustVectors.Set(set), "CSCA.cer"), ct);
        await TrustMaterialImports.ImportAllCscasAsync(client, ct);

        var response = await VerifyAsync(client, set, ct);
        var offline = Offline(set, csca);

        // VALID needs DG1 (issue 14 item 2): only the sets that carry DG1 can pass, the others are INDETERMINATE.
        var hasDg1 = TrustVectors.ListedDataGroups(set).ContainsKey(1);
        Assert.Equal(hasDg1 ? Verdict.ValidWithWarnings : Verdict.Indeterminate, response.Verdict);
        Assert.Equal(hasDg1 ? PassiveAuthenticationVerdict.ValidWithWarnings : PassiveAuthenticationVerdict.Indeterminate, offline.Verdict);
        foreach (var name in new[] { "sod.structure", "sod.message-digest", "sod.signature", "chain.csca", "dsc.validity" })
        {
            Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == name).Status);
        }

        // Every check the offline run made is reported with the same outcome (CRL checks may differ: the store can hold
        // CRLs; chain.link too: the store can hold, from the Master Lists, the self-signed CSCA of a link certificate's key,
        // which the engine prefers). OneEngineAgreementTests compares the two with identical trust material.
        foreach (var check in offline.Checks.Where(c => !c.Name.StartsWith("crl.", StringComparison.Ordinal) && c.Name != "chain.link"))
        {
            Assert.Contains(response.Checks, c => c.Name == check.Name && (int)c.Status == (int)check.Status);
        }

        Assert.NotNull(response.DocumentSignerCertificate);
        Assert.NotEmpty(response.CertificatePath);
        Assert.Equal(64, response.SecurityObject.SecurityObjectSha256.Length);
    }

    [Theory]
    [MemberData(nameof(WithoutCsca))]
    public async Task VerifyDocument_SpecimenWithoutItsCsca_IsNotValidAndMatchesEngine(string set)
    {
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var client = trustAnchor.Client;

        var response = await VerifyAsync(client, set, ct);

        // The SOD itself verifies with its embedded DSC, but no stored CSCA signed that DSC: never VALID.
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "sod.signature").Status);
        Assert.Equal(CheckStatus.Fail, response.Checks.Single(c => c.Name == "chain.csca").Status);
        Assert.Contains(response.Verdict, new[] { Verdict.Indeterminate, Verdict.Invalid });
        var reason = response.Checks.Single(c => c.Name == "chain.csca").Reason;
        Assert.Equal(reason == "CHAIN_NO_TRUST_ANCHOR" ? Verdict.Indeterminate : Verdict.Invalid, response.Verdict);
    }

    [Fact]
    public async Task ImportTrustMaterial_RealMasterListsAndCrls_AreVerifiedAndIdempotent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var client = trustAnchor.Client;
        var root = TrustVectors.Root();

        foreach (var file in TrustMaterialImports.MasterListFiles)
        {
            var request = await TrustMaterialImports.MasterListRequestAsync(file, ct);
            var first = await client.ImportTrustMaterialAsync(request, deadline: Deadline(600), cancellationToken: ct);
            Assert.True(first.AddedCertificates.Count + first.UnchangedCount > 100, $"{file}: {first.AddedCertificates.Count} added, {first.UnchangedCount} unchanged");
            var again = await client.ImportTrustMaterialAsync(request, deadline: Deadline(600), cancellationToken: ct);
            Assert.Equal(first, again);
        }

        // The real DE CRL verifies against the DE CSCA from the Master List.
        var crl = await File.ReadAllBytesAsync(Path.Combine(root, "crl", "zeropass", "crl_de_fp_e421c6cf21.crl"), ct);
        var crlResponse = await client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-crl-de-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(crl))[..16],
            Kind = TrustMaterialKind.Crl,
            Content = ByteString.CopyFrom(crl),
            Source = "integration test DE CRL",
        }, deadline: Deadline(600), cancellationToken: ct);
        Assert.Equal(1, crlResponse.AddedCrls.Count + crlResponse.UnchangedCount);

        var page = await client.ListTrustAnchorsAsync(new ListTrustAnchorsRequest { Country = "DE", Page = new PageRequest { PageSize = 5 } }, deadline: Deadline(10), cancellationToken: ct);
        Assert.Equal(5, page.TrustAnchors.Count);
        Assert.All(page.TrustAnchors, a => Assert.Equal("DE", a.Certificate.Country));
        Assert.NotEmpty(page.Page.NextPageToken);

        var conflict = await Assert.ThrowsAsync<RpcException>(() => client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-ml-DE_ML_2025-08-14-07-41-09.ml",
            Kind = TrustMaterialKind.Crl,
            Content = ByteString.CopyFrom(crl),
            Source = "different content",
        }, deadline: Deadline(10), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
    }

    [Fact]
    public async Task ImportTrustMaterial_UnassertedSelfSignedCsca_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "admin", ct);
        var client = trustAnchor.Client;
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("C=UT, O=Test, CN=Unasserted CSCA", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, true, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ImportTrustMaterialAsync(new ImportTrustMaterialRequest
        {
            RequestId = "it-unasserted-" + Guid.NewGuid().ToString("N"),
            Kind = TrustMaterialKind.CscaCertificate,
            Content = ByteString.CopyFrom(certificate.RawData),
            Source = "integration test",
        }, deadline: Deadline(10), cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task VerifyDocument_AsRelyingParty_IsAnswered()
    {
        // Any SOD will do here (the relying-party role is what is tested): one made now, under a CSCA trust-anchor does
        // not hold, so the chain is not established but the SOD's own signature is checked.
        var ct = TestContext.Current.CancellationToken;
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "relying-party", ct);
        using var issuer = new TestIssuer("relying party " + Guid.NewGuid().ToString("N")[..12]);

        var response = await trustAnchor.Client.VerifyDocumentAsync(
            TestPassport.Request(issuer.DsKey, issuer.Dsc.RawData, DateTimeOffset.UtcNow.AddMinutes(-2)), deadline: Deadline(60), cancellationToken: ct);

        Assert.NotEqual(Verdict.Unspecified, response.Verdict);
        Assert.NotEqual(Verdict.Valid, response.Verdict);
        Assert.Equal(CheckStatus.Pass, response.Checks.Single(c => c.Name == "sod.signature").Status);
    }

    [Fact]
    public async Task VerifyDocument_NoSecurityObject_InvalidArgument()
    {
        using var trustAnchor = await TrustAnchorConnection.OpenAsync(suite, "relying-party", TestContext.Current.CancellationToken);
        var client = trustAnchor.Client;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.VerifyDocumentAsync(new VerifyDocumentRequest(), deadline: Deadline(10), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    private static DateTime Deadline(int seconds) => TrustMaterialImports.Deadline(seconds);

    private static async Task<VerifyDocumentResponse> VerifyAsync(TrustAnchorService.TrustAnchorServiceClient client, string set, CancellationToken ct)
    {
        var request = new VerifyDocumentRequest
        {
            SecurityObject = ByteString.CopyFrom(await File.ReadAllBytesAsync(Path.Combine(TrustVectors.Set(set), "EF.SOD.bin"), ct)),
            ValidationTime = Timestamp.FromDateTimeOffset(TrustVectors.InsideDscValidity(set)),
        };
        foreach (var (number, content) in TrustVectors.ListedDataGroups(set))
        {
            request.DataGroups.Add(new DataGroupContent { Number = number, Content = ByteString.CopyFrom(content) });
        }

        return await client.VerifyDocumentAsync(request, deadline: Deadline(30), cancellationToken: ct);
    }

    private static PassiveAuthenticationResult Offline(string set, byte[] csca)
    {
        using var store = new PassiveAuthenticationTrustStore([csca]);
        using var authenticator = new PassiveAuthenticator(store);
        return authenticator.Verify(new PassiveAuthenticationRequest
        {
            EfSod = File.ReadAllBytes(Path.Combine(TrustVectors.Set(set), "EF.SOD.bin")),
            DataGroups = TrustVectors.ListedDataGroups(set).ToDictionary(p => p.Key, p => (ReadOnlyMemory<byte>)p.Value),
            ValidationTime = TrustVectors.InsideDscValidity(set),
        });
    }
}
