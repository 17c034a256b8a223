using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Sod;
using Credentials.IntegrationTests.Csca;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Grpc.Core;
using CheckStatus = Credentials.Icao9303.PassiveAuthentication.CheckStatus;

namespace Credentials.IntegrationTests.DocumentSigner;

/// <summary>
/// Issue 6 (Document Signer half): the document-signer service over gRPC with mTLS against the real stack, certified
/// by the real csca service. Every EF.SOD is checked by <c>openssl cms -verify</c> with the CSCA as trust anchor and by
/// our Passive Authentication.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class DocumentSignerServiceTests(SuiteFixture suite)
{
    [Fact]
    public async Task SignSecurityObject_HundredSods_EachVerifiesWithOpenSslAndPassiveAuthentication()
    {
        using var client = new DocumentSignerClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-hundred"));
        var cscaDer = csca.Certificate.Der.ToByteArray();
        var cscaPem = openssl.WriteCertificate("csca", cscaDer);
        var documentType = DocumentSignerClientFixture.NewDocumentType();
        var key = await client.CreateSignerKeyAsync(csca.CscaId, documentType);
        Assert.Equal(SignerKeyState.Active, key.State);
        Assert.Equal(CertificateKind.DocumentSigner, key.Certificate.Kind);
        Assert.Contains(documentType, key.Certificate.DocumentTypes);
        openssl.AssertVerifies(cscaDer, key.Certificate.Der.ToByteArray(), "dsc");

        var crl = (await client.Csca.GetCrlAsync(new GetCrlRequest { CscaId = csca.CscaId }, DocumentSignerClientFixture.Call)).Crl.Der.ToByteArray();
        using var trust = new PassiveAuthenticationTrustStore([cscaDer], [crl]);
        using var authenticator = new PassiveAuthenticator(trust);
        var issued = new List<(SignSecurityObjectRequest Request, Issuance Issuance)>();
        for (var i = 0; i < 100; i++)
        {
            var request = DocumentSignerClientFixture.SignRequest(documentType, i, out var dataGroups);
            var response = await client.Signer.SignSecurityObjectAsync(request, DocumentSignerClientFixture.Call);
            Assert.False(response.Replayed);
            var sod = response.Issuance.SecurityObject.ToByteArray();
            Assert.Equal(0x77, sod[0]);
            Assert.Equal(key.KeyId, response.Issuance.SignerKeyId);
            Assert.Equal([1, 2, 14], response.Issuance.DataGroupNumbers);
            Assert.Equal(new DateTime(2034, 1, 1, 0, 0, 0, DateTimeKind.Utc), response.Issuance.DocumentExpiresAt.ToDateTime());

            var cms = openssl.WriteFile($"sod-{i}.cms", DocumentSignerClientFixture.ContentInfo(sod));
            var (code, output) = openssl.Run("cms", "-verify", "-inform", "DER", "-in", cms, "-CAfile", cscaPem, "-purpose", "any", "-out", $"content-{i}.bin");
            Assert.True(code == 0 && output.Contains("Verification successful", StringComparison.Ordinal), $"openssl cms -verify SOD {i}: exit {code}: {output}");
            var content = await File.ReadAllBytesAsync(Path.Combine(Path.GetDirectoryName(cms)!, $"content-{i}.bin"), TestContext.Current.CancellationToken);
            Assert.Equal(3, LdsSecurityObject.Decode(content).DataGroupHashes.Count);

            var result = authenticator.Verify(new PassiveAuthenticationRequest
            {
                EfSod = sod,
                DataGroups = dataGroups.ToDictionary(d => d.Key, d => (ReadOnlyMemory<byte>)d.Value),
                ValidationTime = DateTimeOffset.UtcNow,
            });
            Assert.True(result.Verdict == PassiveAuthenticationVerdict.Valid, $"SOD {i}: {result.Verdict}: " + string.Join("; ", result.Checks.Where(c => c.Status != CheckStatus.Pass).Select(c => $"{c.Name} {c.Reason} {c.Detail}")));
            issued.Add((request, response.Issuance));
        }

        // Retries return the same bytes and write no second event; the event carries only the keyed hash of the number.
        foreach (var (request, issuance) in issued.Take(10))
        {
            var retry = await client.Signer.SignSecurityObjectAsync(request, DocumentSignerClientFixture.Call);
            Assert.True(retry.Replayed);
            Assert.Equal(issuance.SecurityObject, retry.Issuance.SecurityObject);
            Assert.Equal(issuance, retry.Issuance);
            var events = await DocumentSignerClientFixture.ReadEventsAsync(issuance.CredentialId);
            var single = Assert.Single(events);
            Assert.Equal(32, single.DocumentNumberHash.Length);
            Assert.NotEmpty(single.DocumentNumberHashKeyId);
            Assert.DoesNotContain(request.DocumentNumber, single.ToString(), StringComparison.Ordinal);
            Assert.Equal(issuance.SecurityObjectSha256, single.SecurityObjectSha256);
            Assert.Equal(key.Certificate.FingerprintSha256, single.SignerCertificateFingerprintSha256);
        }

        var byCredential = await client.Signer.GetIssuanceAsync(new GetIssuanceRequest { CredentialId = issued[42].Issuance.CredentialId }, DocumentSignerClientFixture.Call);
        Assert.Equal(issued[42].Issuance, byCredential.Issuance);
        var byRequest = await client.Signer.GetIssuanceAsync(new GetIssuanceRequest { RequestId = issued[7].Request.RequestId }, DocumentSignerClientFixture.Call);
        Assert.Equal(issued[7].Issuance, byRequest.Issuance);
        var listed = await client.Signer.ListSignerKeysAsync(new ListSignerKeysRequest { DocumentType = documentType, State = SignerKeyState.Active }, DocumentSignerClientFixture.Call);
        Assert.Contains(listed.SignerKeys, k => k.KeyId == key.KeyId);
    }

    [Fact]
    public async Task SignSecurityObject_InvalidRequests_InvalidArgumentWithReasons()
    {
        using var client = new DocumentSignerClientFixture(suite);
        var documentType = await client.NewUncoveredDocumentTypeAsync();
        var cases = new (string Name, Action<SignSecurityObjectRequest> Change, string Reason)[]
        {
            ("no request_id", r => r.RequestId = string.Empty, "REQUEST_ID_MISSING"),
            ("no document type", r => r.DocumentType = string.Empty, "DOCUMENT_TYPE_INVALID"),
            ("lower-case document type", r => r.DocumentType = "p", "DOCUMENT_TYPE_INVALID"),
            ("SHA-1", r => r.HashAlgorithm = HashAlgorithm.Sha1, "HASH_ALGORITHM_NOT_ALLOWED"),
            ("lds without unicode", r => r.UnicodeVersion = string.Empty, "LDS_VERSION_INVALID"),
            ("lds not digits", r => r.LdsVersion = "01a8", "LDS_VERSION_INVALID"),
            ("DG 17", r => r.DataGroups.Add(new DataGroup { Number = 17, Hash = ByteString.CopyFrom(new byte[32]) }), "DATA_GROUP_NUMBER_INVALID"),
            ("DG 0", r => r.DataGroups.Add(new DataGroup { Number = 0, Hash = ByteString.CopyFrom(new byte[32]) }), "DATA_GROUP_NUMBER_INVALID"),
            ("DG 2 twice", r => r.DataGroups.Add(new DataGroup { Number = 2, Hash = ByteString.CopyFrom(new byte[32]) }), "DATA_GROUP_DUPLICATE"),
            ("no DG 2", r => r.DataGroups.Remove(r.DataGroups.Single(d => d.Number == 2)), "DATA_GROUP_REQUIRED"),
            ("no DG 1", r => r.DataGroups.Remove(r.DataGroups.Single(d => d.Number == 1)), "DATA_GROUP_REQUIRED"),
            ("short hash", r => r.DataGroups.Add(new DataGroup { Number = 3, Hash = ByteString.CopyFrom(new byte[20]) }), "HASH_LENGTH_MISMATCH"),
            ("SHA-384 with 32-byte hash", r =>
            {
                r.HashAlgorithm = HashAlgorithm.Sha384;
                r.DataGroups.Add(new DataGroup { Number = 3, Hash = ByteString.CopyFrom(new byte[32]) });
            }, "HASH_LENGTH_MISMATCH"),
            ("empty DG", r => r.DataGroups.Add(new DataGroup { Number = 4 }), "FIELD_REQUIRED"),
            ("huge DG", r => r.DataGroups.Add(new DataGroup { Number = 5, Content = ByteString.CopyFrom(new byte[600 * 1024]) }), "PAYLOAD_TOO_LARGE"),
        };
        foreach (var (name, change, reason) in cases)
        {
            var request = DocumentSignerClientFixture.SignRequest(documentType, 1, out _);
            change(request);
            var error = await Assert.ThrowsAsync<RpcException>(async () => await client.Signer.SignSecurityObjectAsync(request, DocumentSignerClientFixture.Call));
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{name}: {error.StatusCode} {error.Status.Detail}");
            Assert.True(CscaClientFixture.Reason(error) == reason, $"{name}: expected {reason}, got {CscaClientFixture.Reason(error)} ({error.Status.Detail})");
        }

        // A valid request for a document type no key covers.
        var orphan = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.Signer.SignSecurityObjectAsync(DocumentSignerClientFixture.SignRequest(documentType, 2, out _), DocumentSignerClientFixture.Call));
        Assert.Equal(StatusCode.FailedPrecondition, orphan.StatusCode);
        Assert.Equal("NO_ACTIVE_SIGNER_KEY", CscaClientFixture.Reason(orphan));
    }

    [Fact]
    public async Task SignSecurityObject_SameRequestIdOtherBody_AlreadyExistsWithRequestIdConflict()
    {
        using var client = new DocumentSignerClientFixture(suite);
        var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-conflict"));
        var documentType = DocumentSignerClientFixture.NewDocumentType();
        await client.CreateSignerKeyAsync(csca.CscaId, documentType);
        var request = DocumentSignerClientFixture.SignRequest(documentType, 3, out _);
        var first = await client.Signer.SignSecurityObjectAsync(request, DocumentSignerClientFixture.Call);

        var other = request.Clone();
        other.DocumentNumber = "OTHER0001";
        var conflict = await Assert.ThrowsAsync<RpcException>(async () => await client.Signer.SignSecurityObjectAsync(other, DocumentSignerClientFixture.Call));

        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal("REQUEST_ID_CONFLICT", CscaClientFixture.Reason(conflict));
        Assert.Equal(1, await DocumentSignerClientFixture.CountEventsAsync(first.Issuance.CredentialId));
    }

    [Fact]
    public async Task SignSecurityObject_ConcurrentDuplicatesAmongOtherRequests_OneIssuanceAndOneEventPerRequestId()
    {
        // Group commit: duplicates of one request_id arriving together (in one group or in groups written side by side)
        // must still give one signing, one row, one event, and the same EF.SOD bytes to every caller.
        using var client = new DocumentSignerClientFixture(suite);
        var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-dup"));
        var documentType = DocumentSignerClientFixture.NewDocumentType();
        await client.CreateSignerKeyAsync(csca.CscaId, documentType);
        var requests = Enumerable.Range(0, 12).Select(i => DocumentSignerClientFixture.SignRequest(documentType, 400 + i, out _)).ToArray();

        var calls = requests.SelectMany(request => Enumerable.Range(0, 4).Select(_ => request))
            .OrderBy(_ => Random.Shared.Next())
            .Select(request => client.Signer.SignSecurityObjectAsync(request, DocumentSignerClientFixture.Call).ResponseAsync)
            .ToArray();
        var responses = await Task.WhenAll(calls);

        foreach (var group in responses.GroupBy(r => r.Issuance.RequestId))
        {
            Assert.Equal(4, group.Count());
            Assert.Single(group, r => !r.Replayed);
            Assert.Single(group.Select(r => r.Issuance.CredentialId).Distinct());
            Assert.Single(group.Select(r => r.Issuance.SecurityObject.ToBase64()).Distinct());
            Assert.Equal(1, await DocumentSignerClientFixture.CountEventsAsync(group.First().Issuance.CredentialId));
        }

        Assert.Equal(requests.Select(r => r.RequestId).Order(StringComparer.Ordinal), responses.Select(r => r.Issuance.RequestId).Distinct().Order(StringComparer.Ordinal));

        // The group commit is observable: SODs signed by document type, group sizes, queue depth on /metrics.
        using var tls = suite.ClientTls("admin");
        using var handler = Credentials.Grpc.MutualTlsChannel.CreateHandler(tls);
        using var http = new HttpClient(handler, disposeHandler: false)
        {
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var metrics = await http.GetStringAsync(new Uri($"https://{suite["document-signer"].Endpoint}/metrics"), TestContext.Current.CancellationToken);
        Assert.Contains($"document_signer_sods_signed_total{{otel_scope_name=\"Credentials.DocumentSigner\",document_type=\"{documentType}\"}} 12", metrics, StringComparison.Ordinal);
        Assert.Contains("document_signer_signing_group_size_count{", metrics, StringComparison.Ordinal);
        Assert.Contains("document_signer_signing_queue_depth{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeCertificate_DocumentSignerCertificate_NewCrlListsItAndPassiveAuthenticationReportsRevoked()
    {
        using var client = new DocumentSignerClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-revoke"));
        var cscaDer = csca.Certificate.Der.ToByteArray();
        var documentType = DocumentSignerClientFixture.NewDocumentType();
        var key = await client.CreateSignerKeyAsync(csca.CscaId, documentType);
        var request = DocumentSignerClientFixture.SignRequest(documentType, 4, out var dataGroups);
        var sod = (await client.Signer.SignSecurityObjectAsync(request, DocumentSignerClientFixture.Call)).Issuance.SecurityObject.ToByteArray();
        var before = (await client.Csca.GetCrlAsync(new GetCrlRequest { CscaId = csca.CscaId }, DocumentSignerClientFixture.Call)).Crl;
        Assert.Equal(PassiveAuthenticationVerdict.Valid, Verify(sod, dataGroups, [cscaDer], [before.Der.ToByteArray()]).Verdict);

        var revoked = await client.Csca.RevokeCertificateAsync(
            new RevokeCertificateRequest { RequestId = DocumentSignerClientFixture.NewId(), FingerprintSha256 = key.Certificate.FingerprintSha256, Reason = RevocationReason.KeyCompromise },
            DocumentSignerClientFixture.Call);

        var crl = revoked.Crl.Der.ToByteArray();
        Assert.Equal(1, revoked.Crl.RevokedCount);
        var text = openssl.AssertCrlVerifies(cscaDer, crl, "crl-after-revocation");
        Assert.Contains(key.Certificate.SerialNumber.TrimStart('0').ToUpperInvariant(), text.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant(), StringComparison.Ordinal);
        var result = Verify(sod, dataGroups, [cscaDer], [crl]);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        var check = result.Find("crl.dsc");
        Assert.NotNull(check);
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal("crl.revoked", check.Reason);
    }

    [Fact]
    public async Task RolloverCsca_SodsSignedUnderTheOldKey_StillVerifyThroughTheLinkCertificate()
    {
        using var client = new DocumentSignerClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-rollover"));
        var oldDer = csca.Certificate.Der.ToByteArray();
        var documentType = DocumentSignerClientFixture.NewDocumentType();
        await client.CreateSignerKeyAsync(csca.CscaId, documentType);
        var oldRequest = DocumentSignerClientFixture.SignRequest(documentType, 5, out var oldGroups);
        var oldSod = (await client.Signer.SignSecurityObjectAsync(oldRequest, DocumentSignerClientFixture.Call)).Issuance.SecurityObject.ToByteArray();

        var rollover = await client.Csca.RolloverCscaAsync(new RolloverCscaRequest { RequestId = DocumentSignerClientFixture.NewId(), CscaId = csca.CscaId }, DocumentSignerClientFixture.Call);
        var newDer = rollover.Current.Certificate.Der.ToByteArray();
        var linkDer = rollover.LinkCertificate.Der.ToByteArray();
        openssl.AssertVerifies(oldDer, linkDer, "link");

        // A key certified by the new generation signs new SODs; both generations verify with the State's published set
        // (old CSCA, link certificate, new CSCA), the old SOD by the old key that the link certificate ties to the new one.
        var newKey = await client.CreateSignerKeyAsync(csca.CscaId, documentType);
        Assert.Equal(rollover.Current.Certificate.SubjectKeyIdentifier, newKey.Certificate.AuthorityKeyIdentifier);
        var newRequest = DocumentSignerClientFixture.SignRequest(documentType, 6, out var newGroups);
        var newSod = (await client.Signer.SignSecurityObjectAsync(newRequest, DocumentSignerClientFixture.Call)).Issuance.SecurityObject.ToByteArray();
        var crls = new List<byte[]>();
        foreach (var generation in new[] { 1, 2 })
        {
            crls.Add((await client.Csca.GetCrlAsync(new GetCrlRequest { CscaId = csca.CscaId, Generation = generation }, DocumentSignerClientFixture.Call)).Crl.Der.ToByteArray());
        }

        var oldResult = Verify(oldSod, oldGroups, [oldDer, linkDer, newDer], crls);
        Assert.True(oldResult.Verdict == PassiveAuthenticationVerdict.Valid, Describe(oldResult));
        var newResult = Verify(newSod, newGroups, [oldDer, linkDer, newDer], crls);
        Assert.True(newResult.Verdict == PassiveAuthenticationVerdict.Valid, Describe(newResult));
        Assert.NotEqual(PassiveAuthenticationVerdict.Valid, Verify(newSod, newGroups, [oldDer], []).Verdict);
    }

    [Fact]
    public async Task SignSecurityObjectBatch_ValidAndInvalidItems_OneAnswerPerItemAndFailuresDoNotEndTheStream()
    {
        using var client = new DocumentSignerClientFixture(suite);
        var csca = await client.CreateCscaAsync(CscaClientFixture.NewCscaId("ds-batch"));
        var documentType = DocumentSignerClientFixture.NewDocumentType();
        await client.CreateSignerKeyAsync(csca.CscaId, documentType);
        var requests = Enumerable.Range(0, 30).Select(i => DocumentSignerClientFixture.SignRequest(documentType, 100 + i, out _)).ToList();
        requests[7].DataGroups.RemoveAt(1);
        requests[21].HashAlgorithm = HashAlgorithm.Sha1;

        using var call = client.Signer.SignSecurityObjectBatch(DocumentSignerClientFixture.Call);
        var reading = Task.Run(async () =>
        {
            var answers = new List<SignSecurityObjectBatchResponse>();
            await foreach (var answer in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                answers.Add(answer);
            }

            return answers;
        });
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(new SignSecurityObjectBatchRequest { Item = request }, TestContext.Current.CancellationToken);
        }

        await call.RequestStream.CompleteAsync();
        var answers = (await reading).ToDictionary(a => a.RequestId);

        Assert.Equal(30, answers.Count);
        Assert.Equal(ErrorReason.DataGroupRequired, answers[requests[7].RequestId].Error.Reason);
        Assert.Equal((int)StatusCode.InvalidArgument, answers[requests[7].RequestId].Error.Code);
        Assert.Equal(ErrorReason.HashAlgorithmNotAllowed, answers[requests[21].RequestId].Error.Reason);
        Assert.Equal(28, answers.Values.Count(a => a.ResultCase == SignSecurityObjectBatchResponse.ResultOneofCase.Success));
        var replay = await client.Signer.SignSecurityObjectAsync(requests[3], DocumentSignerClientFixture.Call);
        Assert.True(replay.Replayed);
        Assert.Equal(answers[requests[3].RequestId].Success.Issuance.SecurityObject, replay.Issuance.SecurityObject);
    }

    private static PassiveAuthenticationResult Verify(byte[] sod, Dictionary<int, byte[]> dataGroups, IEnumerable<byte[]> anchors, IEnumerable<byte[]> crls)
    {
        using var trust = new PassiveAuthenticationTrustStore(anchors.Select(a => (ReadOnlyMemory<byte>)a), crls.Select(c => (ReadOnlyMemory<byte>)c));
        using var authenticator = new PassiveAuthenticator(trust);
        return authenticator.Verify(new PassiveAuthenticationRequest
        {
            EfSod = sod,
            DataGroups = dataGroups.ToDictionary(d => d.Key, d => (ReadOnlyMemory<byte>)d.Value),
            ValidationTime = DateTimeOffset.UtcNow,
        });
    }

    private static string Describe(PassiveAuthenticationResult result) =>
        $"{result.Verdict}: " + string.Join("; ", result.Checks.Where(c => c.Status != CheckStatus.Pass).Select(c => $"{c.Name} {c.Reason} {c.Detail}"));
}
