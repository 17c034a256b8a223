using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Icao9303.X509;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credentials.IntegrationTests.Csca;

/// <summary>
/// Issue 6 (CSCA half): the csca service over gRPC with mTLS against the real stack (PostgreSQL, S3, SoftHSM2, Kafka
/// protocol broker). Every certificate and CRL it emits is checked by the openssl binary and by our own linter.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class CscaServiceTests(SuiteFixture suite)
{
    [Theory]
    [InlineData(KeyAlgorithm.EcP256)]
    [InlineData(KeyAlgorithm.BrainpoolP384R1)]
    [InlineData(KeyAlgorithm.Rsa3072)]
    public async Task CreateCsca_NewKeyInHsm_SelfSignedCertificateAndFirstCrlVerifyWithOpenSsl(KeyAlgorithm algorithm)
    {
        using var csca = new CscaClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var cscaId = CscaClientFixture.NewCscaId("create");

        var generation = await csca.CreateCscaAsync(cscaId, algorithm);

        Assert.Equal(1, generation.Generation);
        Assert.Equal(CscaGenerationState.Active, generation.State);
        Assert.Equal(algorithm, generation.Certificate.KeyAlgorithm);
        Assert.Equal(CertificateKind.Csca, generation.Certificate.Kind);
        var der = generation.Certificate.Der.ToByteArray();
        openssl.AssertVerifies(der, der, "csca");
        var lint = CertificateProfileLinter.Lint(der, CertificateProfile.Csca);
        Assert.False(lint.HasErrors || lint.HasWarnings, string.Join("; ", lint.Findings.Select(f => f.RuleId + " " + f.Message)));
        Assert.NotNull(generation.Certificate.PrivateKeyUsageNotAfter);

        var crl = (await csca.Client.GetCrlAsync(new GetCrlRequest { CscaId = cscaId }, CscaClientFixture.Call)).Crl;
        Assert.Equal("01", crl.CrlNumber);
        Assert.Equal(0, crl.RevokedCount);
        openssl.AssertCrlVerifies(der, crl.Der.ToByteArray(), "crl");
        Assert.False(CertificateProfileLinter.LintCrl(CertificateRevocationList.Decode(crl.Der.Memory)).HasErrors);
    }

    [Fact]
    public async Task CreateCsca_RetriedRequestId_ReturnsTheSameGeneration()
    {
        using var csca = new CscaClientFixture(suite);
        var request = CscaClientFixture.CreateRequest(CscaClientFixture.NewCscaId("retry"));

        var first = await csca.Client.CreateCscaAsync(request, CscaClientFixture.Call);
        var second = await csca.Client.CreateCscaAsync(request, CscaClientFixture.Call);

        Assert.Equal(first, second);
        var other = CscaClientFixture.CreateRequest(request.CscaId);
        other.RequestId = request.RequestId;
        other.CommonName = "Another name";
        var conflict = await Assert.ThrowsAsync<RpcException>(async () => await csca.Client.CreateCscaAsync(other, CscaClientFixture.Call));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal("REQUEST_ID_CONFLICT", CscaClientFixture.Reason(conflict));
        var duplicate = await Assert.ThrowsAsync<RpcException>(async () =>
            await csca.Client.CreateCscaAsync(CscaClientFixture.CreateRequest(request.CscaId), CscaClientFixture.Call));
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal("CSCA_ALREADY_EXISTS", CscaClientFixture.Reason(duplicate));
    }

    [Fact]
    public async Task IssueSignerCertificate_DocumentSignerCsr_VerifiesWithOpenSslAndRetryReturnsSameSerial()
    {
        using var csca = new CscaClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var cscaId = CscaClientFixture.NewCscaId("issue");
        var generation = await csca.CreateCscaAsync(cscaId);
        var csr = CscaClientFixture.Csr("C=NL, O=Ministry of the Interior, CN=Document Signer IT", out var key);
        using var _ = key;
        var request = new IssueSignerCertificateRequest
        {
            RequestId = CscaClientFixture.NewId(),
            CscaId = cscaId,
            CsrDer = ByteString.CopyFrom(csr),
            SignerKind = SignerKind.DocumentSigner,
            DocumentTypes = { "P" },
        };

        var issued = await csca.Client.IssueSignerCertificateAsync(request, CscaClientFixture.Call);
        var retried = await csca.Client.IssueSignerCertificateAsync(request, CscaClientFixture.Call);

        var der = issued.Certificate.Der.ToByteArray();
        openssl.AssertVerifies(generation.Certificate.Der.ToByteArray(), der, "dsc");
        var lint = CertificateProfileLinter.Lint(der, CertificateProfile.DocumentSigner);
        Assert.False(lint.HasErrors || lint.HasWarnings, string.Join("; ", lint.Findings.Select(f => f.RuleId + " " + f.Message)));
        Assert.Equal(CertificateKind.DocumentSigner, issued.Certificate.Kind);
        Assert.Equal(["P"], issued.Certificate.DocumentTypes);
        Assert.True(issued.Certificate.SerialNumber.Length >= 16, issued.Certificate.SerialNumber);
        Assert.Equal(issued.Certificate.SerialNumber, retried.Certificate.SerialNumber);
        Assert.Equal(issued, retried);
        Assert.Equal(generation.Certificate.FingerprintSha256, issued.IssuerCertificate.FingerprintSha256);

        var listed = await csca.Client.ListCertificatesAsync(
            new ListCertificatesRequest { CscaId = cscaId, Kinds = { CertificateKind.DocumentSigner } }, CscaClientFixture.Call);
        Assert.Equal([issued.Certificate.FingerprintSha256], listed.Certificates.Select(c => c.FingerprintSha256));
    }

    [Fact]
    public async Task IssueSignerCertificate_ConcurrentCallsWithOneRequestId_AllGetTheSameCertificate()
    {
        using var csca = new CscaClientFixture(suite);
        var cscaId = CscaClientFixture.NewCscaId("race");
        await csca.CreateCscaAsync(cscaId);
        var csr = CscaClientFixture.Csr("C=NL, CN=DS race", out var key);
        using var _ = key;
        var request = new IssueSignerCertificateRequest
        {
            RequestId = CscaClientFixture.NewId(),
            CscaId = cscaId,
            CsrDer = ByteString.CopyFrom(csr),
            SignerKind = SignerKind.DocumentSigner,
            DocumentTypes = { "P" },
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            await csca.Client.IssueSignerCertificateAsync(request, CscaClientFixture.Call)));

        Assert.Single(responses.Select(r => r.Certificate.SerialNumber).Distinct(StringComparer.Ordinal));
        var listed = await csca.Client.ListCertificatesAsync(
            new ListCertificatesRequest { CscaId = cscaId, Kinds = { CertificateKind.DocumentSigner } }, CscaClientFixture.Call);
        Assert.Single(listed.Certificates);
    }

    [Theory]
    [InlineData("C=DE, CN=Foreign Signer", "CSR_SUBJECT_INVALID")]
    [InlineData("C=NL, CN=Tampered Signer", "CSR_SIGNATURE_INVALID")]
    public async Task IssueSignerCertificate_BadCsr_IsInvalidArgumentWithReason(string subject, string reason)
    {
        using var csca = new CscaClientFixture(suite);
        var cscaId = CscaClientFixture.NewCscaId("badcsr");
        await csca.CreateCscaAsync(cscaId);
        var csr = CscaClientFixture.Csr(subject, out var key);
        using var _ = key;
        if (reason == "CSR_SIGNATURE_INVALID")
        {
            csr[csr.AsSpan().IndexOf("Tampered"u8)] = (byte)'X';
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await csca.Client.IssueSignerCertificateAsync(
            new IssueSignerCertificateRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId, CsrDer = ByteString.CopyFrom(csr), SignerKind = SignerKind.DocumentSigner, DocumentTypes = { "P" } },
            CscaClientFixture.Call));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(reason, CscaClientFixture.Reason(error));
    }

    [Fact]
    public async Task RevokeCertificate_Twice_EachCrlListsRevokedAndVerifiesWithIncreasingNumbers()
    {
        using var csca = new CscaClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var cscaId = CscaClientFixture.NewCscaId("revoke");
        var generation = await csca.CreateCscaAsync(cscaId);
        var cscaDer = generation.Certificate.Der.ToByteArray();
        var serials = new List<string>();
        var numbers = new List<long> { 1 };
        foreach (var (name, reason) in new[] { ("DS A", RevocationReason.KeyCompromise), ("DS B", RevocationReason.Superseded) })
        {
            var csr = CscaClientFixture.Csr($"C=NL, CN={name}", out var key);
            using var _ = key;
            var issued = await csca.Client.IssueSignerCertificateAsync(
                new IssueSignerCertificateRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId, CsrDer = ByteString.CopyFrom(csr), SignerKind = SignerKind.DocumentSigner, DocumentTypes = { "P" } },
                CscaClientFixture.Call);
            var revokeRequest = new RevokeCertificateRequest { RequestId = CscaClientFixture.NewId(), SerialNumber = issued.Certificate.SerialNumber, Reason = reason };

            var revoked = await csca.Client.RevokeCertificateAsync(revokeRequest, CscaClientFixture.Call);
            var retried = await csca.Client.RevokeCertificateAsync(revokeRequest, CscaClientFixture.Call);

            Assert.Equal(revoked, retried);
            Assert.Equal(CertificateStatus.Revoked, revoked.Certificate.Status);
            serials.Add(issued.Certificate.SerialNumber);
            var crl = (await csca.Client.GetCrlAsync(new GetCrlRequest { CscaId = cscaId }, CscaClientFixture.Call)).Crl;
            Assert.Equal(revoked.Crl.FingerprintSha256, crl.FingerprintSha256);
            var text = openssl.AssertCrlVerifies(cscaDer, crl.Der.ToByteArray(), "crl-" + serials.Count);
            var decoded = CertificateRevocationList.Decode(crl.Der.Memory);
            foreach (var serial in serials)
            {
                Assert.NotNull(decoded.FindRevoked(serial));
            }

            Assert.Equal((int)reason, decoded.FindRevoked(issued.Certificate.SerialNumber)!.ReasonCode);
            Assert.Contains(reason == RevocationReason.KeyCompromise ? "Key Compromise" : "Superseded", text, StringComparison.Ordinal);
            numbers.Add((long)decoded.CrlNumber!.Value);

            var again = await Assert.ThrowsAsync<RpcException>(async () => await csca.Client.RevokeCertificateAsync(
                new RevokeCertificateRequest { RequestId = CscaClientFixture.NewId(), FingerprintSha256 = issued.Certificate.FingerprintSha256 }, CscaClientFixture.Call));
            Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
            Assert.Equal("CERTIFICATE_ALREADY_REVOKED", CscaClientFixture.Reason(again));
        }

        var published = await csca.Client.PublishCrlAsync(new PublishCrlRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId }, CscaClientFixture.Call);
        numbers.Add((long)CertificateRevocationList.Decode(published.Crls.Single().Der.Memory).CrlNumber!.Value);
        Assert.Equal([1, 2, 3, 4], numbers);
        Assert.Equal(2, published.Crls.Single().RevokedCount);
        var revokedList = await csca.Client.ListCertificatesAsync(
            new ListCertificatesRequest { CscaId = cscaId, Status = CertificateStatus.Revoked }, CscaClientFixture.Call);
        Assert.Equal(serials.Order(StringComparer.Ordinal), revokedList.Certificates.Select(c => c.SerialNumber).Order(StringComparer.Ordinal));
        var first = await csca.Client.GetCrlAsync(new GetCrlRequest { CscaId = cscaId, CrlNumber = "01" }, CscaClientFixture.Call);
        Assert.Equal(0, first.Crl.RevokedCount);
    }

    [Fact]
    public async Task RolloverCsca_NewGeneration_LinkCertificateVerifiesOldToNew()
    {
        using var csca = new CscaClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var cscaId = CscaClientFixture.NewCscaId("rollover");
        var first = await csca.CreateCscaAsync(cscaId);

        var rollover = await csca.Client.RolloverCscaAsync(
            new RolloverCscaRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId, KeyAlgorithm = KeyAlgorithm.EcP384 }, CscaClientFixture.Call);

        Assert.Equal(2, rollover.Current.Generation);
        Assert.Equal(CscaGenerationState.Superseded, rollover.Previous.State);
        Assert.Equal(KeyAlgorithm.EcP384, rollover.Current.Certificate.KeyAlgorithm);
        var oldDer = first.Certificate.Der.ToByteArray();
        var newDer = rollover.Current.Certificate.Der.ToByteArray();
        var link = rollover.LinkCertificate.Der.ToByteArray();
        openssl.AssertVerifies(oldDer, link, "link");
        openssl.AssertVerifies(newDer, newDer, "new-csca");
        Assert.True(SignatureVerifier.VerifyCertificateSignature(link, X509CertificateParts.Decode(oldDer).SubjectPublicKeyInfo));
        Assert.Equal(rollover.Current.Certificate.Subject, rollover.LinkCertificate.Subject);
        Assert.Equal(first.Certificate.Subject, rollover.LinkCertificate.Issuer);
        Assert.Equal(first.Certificate.SubjectKeyIdentifier, rollover.LinkCertificate.AuthorityKeyIdentifier);
        var lint = CertificateProfileLinter.Lint(link, CertificateProfile.Link);
        Assert.False(lint.HasErrors, string.Join("; ", lint.Findings.Select(f => f.RuleId + " " + f.Message)));

        // New signers come from the new key; the superseded key keeps publishing CRLs for what it issued.
        var csr = CscaClientFixture.Csr("C=NL, CN=DS after rollover", out var key);
        using var _ = key;
        var issued = await csca.Client.IssueSignerCertificateAsync(
            new IssueSignerCertificateRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId, CsrDer = ByteString.CopyFrom(csr), SignerKind = SignerKind.DocumentSigner, DocumentTypes = { "P" } },
            CscaClientFixture.Call);
        openssl.AssertVerifies(newDer, issued.Certificate.Der.ToByteArray(), "dsc-new");
        var crls = await csca.Client.PublishCrlAsync(new PublishCrlRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId }, CscaClientFixture.Call);
        Assert.Equal(2, crls.Crls.Count);
        openssl.AssertCrlVerifies(newDer, crls.Crls[0].Der.ToByteArray(), "crl-new");
        openssl.AssertCrlVerifies(oldDer, crls.Crls[1].Der.ToByteArray(), "crl-old");
        var oldCrl = await csca.Client.GetCrlAsync(new GetCrlRequest { CscaId = cscaId, Generation = 1 }, CscaClientFixture.Call);
        Assert.Equal(crls.Crls[1].FingerprintSha256, oldCrl.Crl.FingerprintSha256);
    }

    [Fact]
    public async Task SignMasterList_AfterRollover_ListsCscasAndLinkAndVerifies()
    {
        using var csca = new CscaClientFixture(suite);
        using var openssl = OpenSsl.Create();
        var cscaId = CscaClientFixture.NewCscaId("ml");
        var first = await csca.CreateCscaAsync(cscaId);
        var rollover = await csca.Client.RolloverCscaAsync(new RolloverCscaRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId }, CscaClientFixture.Call);
        var request = new SignMasterListRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId };

        var signed = await csca.Client.SignMasterListAsync(request, CscaClientFixture.Call);
        var retried = await csca.Client.SignMasterListAsync(request, CscaClientFixture.Call);
        var again = await csca.Client.SignMasterListAsync(new SignMasterListRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId }, CscaClientFixture.Call);

        Assert.Equal(signed, retried);
        Assert.Equal(3, signed.CertificateCount);
        Assert.Equal(signed.SignerCertificate.FingerprintSha256, again.SignerCertificate.FingerprintSha256);
        var anchors = new[] { first.Certificate.Der.Memory, rollover.Current.Certificate.Der.Memory };
        var result = SignedListVerifier.VerifyMasterList(signed.MasterList.Memory, anchors);
        Assert.True(result.IsValid, result.FailureReason + " " + result.FailureDetail);
        Assert.Equal(
            new[] { first.Certificate.FingerprintSha256, rollover.Current.Certificate.FingerprintSha256, rollover.LinkCertificate.FingerprintSha256 }.Order(StringComparer.Ordinal),
            result.MasterList!.Certificates.Select(c => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(c.Encoded.Span))).Order(StringComparer.Ordinal));
        var signerDer = signed.SignerCertificate.Der.ToByteArray();
        Assert.Equal(CertificateKind.MasterListSigner, signed.SignerCertificate.Kind);
        openssl.AssertVerifies(rollover.Current.Certificate.Der.ToByteArray(), signerDer, "mls");
        var lint = CertificateProfileLinter.Lint(signerDer, CertificateProfile.MasterListSigner);
        Assert.False(lint.HasErrors || lint.HasWarnings, string.Join("; ", lint.Findings.Select(f => f.RuleId + " " + f.Message)));
        var file = openssl.WriteFile("ml.der", signed.MasterList.ToByteArray());
        var anchor = openssl.WriteCertificate("ml-ca", rollover.Current.Certificate.Der.ToByteArray());
        var (code, output) = openssl.Run("cms", "-verify", "-inform", "DER", "-in", file, "-CAfile", anchor, "-purpose", "any", "-out", "/dev/null");
        Assert.True(code == 0, "openssl cms -verify: " + output);
    }

    public static TheoryData<string, string> InvalidCreateRequests => new()
    {
        { "request_id", "REQUEST_ID_MISSING" },
        { "csca_id", "FIELD_INVALID" },
        { "country", "FIELD_INVALID" },
        { "common_name", "FIELD_REQUIRED" },
        { "key_algorithm", "FIELD_REQUIRED" },
        { "hash_algorithm", "HASH_ALGORITHM_NOT_ALLOWED" },
        { "validity", "VALIDITY_PERIOD_INVALID" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreateRequests))]
    public async Task CreateCsca_InvalidField_IsInvalidArgumentWithReason(string field, string reason)
    {
        using var csca = new CscaClientFixture(suite);
        var request = CscaClientFixture.CreateRequest(CscaClientFixture.NewCscaId("invalid"));
        switch (field)
        {
            case "request_id": request.RequestId = string.Empty; break;
            case "csca_id": request.CscaId = "Upper_Case"; break;
            case "country": request.Country = "nld"; break;
            case "common_name": request.CommonName = string.Empty; break;
            case "key_algorithm": request.KeyAlgorithm = KeyAlgorithm.Unspecified; break;
            case "hash_algorithm": request.HashAlgorithm = HashAlgorithm.Sha1; break;
            default:
                request.Validity = Duration.FromTimeSpan(TimeSpan.FromDays(365));
                request.PrivateKeyUsagePeriod = Duration.FromTimeSpan(TimeSpan.FromDays(400));
                break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await csca.Client.CreateCscaAsync(request, CscaClientFixture.Call));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(reason, CscaClientFixture.Reason(error));
    }

    [Fact]
    public async Task IssueSignerCertificate_InvalidRequests_AreInvalidArgumentWithReason()
    {
        using var csca = new CscaClientFixture(suite);
        var cscaId = CscaClientFixture.NewCscaId("invalid-issue");
        await csca.CreateCscaAsync(cscaId);
        var csr = CscaClientFixture.Csr("C=NL, CN=DS", out var key);
        using var _ = key;
        IssueSignerCertificateRequest Request() => new() { RequestId = CscaClientFixture.NewId(), CscaId = cscaId, CsrDer = ByteString.CopyFrom(csr), SignerKind = SignerKind.DocumentSigner, DocumentTypes = { "P" } };
        var cases = new (IssueSignerCertificateRequest Request, string Reason)[]
        {
            (Request().Apply(r => r.DocumentTypes.Clear()), "DOCUMENT_TYPE_INVALID"),
            (Request().Apply(r => r.DocumentTypes.Add("ppp")), "DOCUMENT_TYPE_INVALID"),
            (Request().Apply(r => r.SignerKind = SignerKind.Unspecified), "FIELD_REQUIRED"),
            (Request().Apply(r => r.CsrDer = ByteString.CopyFrom(1, 2, 3)), "CSR_MALFORMED"),
            (Request().Apply(r => r.Validity = Duration.FromTimeSpan(TimeSpan.FromDays(365 * 30))), "VALIDITY_PERIOD_INVALID"),
        };

        foreach (var (request, reason) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await csca.Client.IssueSignerCertificateAsync(request, CscaClientFixture.Call));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal(reason, CscaClientFixture.Reason(error));
        }
    }

    [Fact]
    public async Task CreateCsca_CallerNotAdmin_IsPermissionDenied()
    {
        using var csca = new CscaClientFixture(suite, identity: "relying-party");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await csca.Client.CreateCscaAsync(CscaClientFixture.CreateRequest(CscaClientFixture.NewCscaId("denied")), CscaClientFixture.Call));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("CALLER_NOT_AUTHORIZED", CscaClientFixture.Reason(error));
    }

    [Fact]
    public async Task ListCertificates_SmallPages_VisitEveryCertificateOnce()
    {
        using var csca = new CscaClientFixture(suite);
        var cscaId = CscaClientFixture.NewCscaId("paging");
        await csca.CreateCscaAsync(cscaId);
        for (var i = 0; i < 4; i++)
        {
            var csr = CscaClientFixture.Csr($"C=NL, CN=DS {i}", out var key);
            using var _ = key;
            await csca.Client.IssueSignerCertificateAsync(
                new IssueSignerCertificateRequest { RequestId = CscaClientFixture.NewId(), CscaId = cscaId, CsrDer = ByteString.CopyFrom(csr), SignerKind = SignerKind.DocumentSigner, DocumentTypes = { "P" } },
                CscaClientFixture.Call);
        }

        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await csca.Client.ListCertificatesAsync(
                new ListCertificatesRequest { CscaId = cscaId, Page = new PageRequest { PageSize = 2, PageToken = token } }, CscaClientFixture.Call);
            Assert.True(page.Certificates.Count <= 2);
            seen.AddRange(page.Certificates.Select(c => c.FingerprintSha256));
            token = page.Page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Distinct(StringComparer.Ordinal).Count());
        var wrongFilters = await Assert.ThrowsAsync<RpcException>(async () => await csca.Client.ListCertificatesAsync(
            new ListCertificatesRequest { Page = new PageRequest { PageSize = 2, PageToken = (await csca.Client.ListCertificatesAsync(
                new ListCertificatesRequest { CscaId = cscaId, Page = new PageRequest { PageSize = 2 } }, CscaClientFixture.Call)).Page.NextPageToken } },
            CscaClientFixture.Call));
        Assert.Equal("PAGE_TOKEN_INVALID", CscaClientFixture.Reason(wrongFilters));
    }
}
