using Google.Protobuf.Reflection;

namespace Credentials.Contracts.Tests;

/// <summary>The RPCs issue 2 requires (and the ones its later issues rely on), as a table.</summary>
public sealed class RpcCatalogTests
{
    private const string Csca = "credentials.csca.v1.CscaService";
    private const string Signer = "credentials.document_signer.v1.DocumentSignerService";
    private const string Dtc = "credentials.dtc.v1.DtcService";
    private const string Trust = "credentials.trust_anchor.v1.TrustAnchorService";
    private const string Pkd = "credentials.pkd.v1.PkdService";
    private const string Ledger = "credentials.ledger.v1.LedgerService";

    public static TheoryData<string, string, bool, bool> RequiredRpcs() => new()
    {
        // service, rpc, client streaming, server streaming
        { Csca, "CreateCsca", false, false },
        { Csca, "RolloverCsca", false, false },
        { Csca, "ListCertificates", false, false },
        { Csca, "IssueSignerCertificate", false, false },
        { Csca, "RevokeCertificate", false, false },
        { Csca, "PublishCrl", false, false },
        { Csca, "GetCrl", false, false },
        { Csca, "SignMasterList", false, false },
        { Signer, "CreateSignerKey", false, false },
        { Signer, "ListSignerKeys", false, false },
        { Signer, "SignSecurityObject", false, false },
        { Signer, "GetIssuance", false, false },
        { Signer, "SignSecurityObjectBatch", true, true },
        { Signer, "SignVisibleSeal", false, false },
        { Dtc, "IssueDtc", false, false },
        { Dtc, "VerifyDtc", false, false },
        { Dtc, "GetDtcStatus", false, false },
        { Dtc, "RevokeDtc", false, false },
        { Trust, "VerifyDocument", false, false },
        { Trust, "VerifyCertificate", false, false },
        { Trust, "ImportTrustMaterial", false, false },
        { Trust, "ListTrustAnchors", false, false },
        { Trust, "VerifySeal", false, false },
        { Trust, "RemoveTrustAnchor", false, false },
        { Trust, "GetTrustStoreStatus", false, false },
        { Pkd, "SyncNow", false, false },
        { Pkd, "GetSyncStatus", false, false },
        { Pkd, "ListSources", false, false },
        { Pkd, "ListCertificates", false, false },
        { Pkd, "GetCrl", false, false },
        { Pkd, "WatchUpdates", false, true },
        { Pkd, "ExportLdif", false, true },
        { Ledger, "GetCredentialStatus", false, false },
        { Ledger, "ListEvents", false, false },
        { Ledger, "VerifyIntegrity", false, false },
    };

    /// <summary>RPCs that change state: they must carry an idempotency key (STYLE.md rule 10).</summary>
    public static TheoryData<string, string> SideEffectingRpcs() => new()
    {
        { Csca, "CreateCsca" },
        { Csca, "RolloverCsca" },
        { Csca, "IssueSignerCertificate" },
        { Csca, "RevokeCertificate" },
        { Csca, "PublishCrl" },
        { Csca, "SignMasterList" },
        { Signer, "CreateSignerKey" },
        { Signer, "SignSecurityObject" },
        { Signer, "SignVisibleSeal" },
        { Dtc, "IssueDtc" },
        { Dtc, "RevokeDtc" },
        { Trust, "ImportTrustMaterial" },
        { Trust, "RemoveTrustAnchor" },
        { Pkd, "SyncNow" },
    };

    /// <summary>List RPCs that page through a store.</summary>
    public static TheoryData<string, string> PagedRpcs() => new()
    {
        { Csca, "ListCertificates" },
        { Signer, "ListSignerKeys" },
        { Trust, "ListTrustAnchors" },
        { Pkd, "ListCertificates" },
        { Ledger, "ListEvents" },
    };

    [Theory]
    [MemberData(nameof(RequiredRpcs))]
    public void Rpc_RequiredByIssue_ExistsWithStreamingShape(string serviceName, string rpcName, bool clientStreaming, bool serverStreaming)
    {
        var service = ContractDescriptors.FindService(serviceName);
        Assert.NotNull(service);

        var method = service.FindMethodByName(rpcName);
        Assert.NotNull(method);
        Assert.Equal(clientStreaming, method.IsClientStreaming);
        Assert.Equal(serverStreaming, method.IsServerStreaming);
    }

    [Fact]
    public void Services_HaveNoRpcOutsideTheTable()
    {
        var table = RequiredRpcs().Select(row => $"{row.Data.Item1}.{row.Data.Item2}").ToHashSet(StringComparer.Ordinal);
        var actual = ContractDescriptors.Services.SelectMany(s => s.Methods).Select(m => m.FullName);

        // A new RPC must be added to the table above (and to docs/api.md) deliberately.
        Assert.All(actual, name => Assert.Contains(name, table));
    }

    [Theory]
    [MemberData(nameof(SideEffectingRpcs))]
    public void Rpc_SideEffecting_CarriesStringRequestIdAsFieldOne(string serviceName, string rpcName)
    {
        var method = ContractDescriptors.FindService(serviceName)!.FindMethodByName(rpcName);

        var requestId = method.InputType.FindFieldByName("request_id");
        Assert.NotNull(requestId);
        Assert.Equal(1, requestId.FieldNumber);
        Assert.Equal(FieldType.String, requestId.FieldType);
    }

    [Fact]
    public void SignSecurityObjectBatch_Item_WrapsUnaryRequestAndAnswersWithRequestId()
    {
        var method = ContractDescriptors.FindService(Signer)!.FindMethodByName("SignSecurityObjectBatch");

        var item = method.InputType.FindFieldByName("item");
        Assert.Equal("credentials.document_signer.v1.SignSecurityObjectRequest", item.MessageType.FullName);
        Assert.Equal(FieldType.String, method.OutputType.FindFieldByName("request_id").FieldType);
        Assert.Equal("result", method.OutputType.FindFieldByName("success").ContainingOneof.Name);
        Assert.Equal("result", method.OutputType.FindFieldByName("error").ContainingOneof.Name);
    }

    [Theory]
    [MemberData(nameof(PagedRpcs))]
    public void Rpc_Paged_UsesCommonPageRequestAndResponse(string serviceName, string rpcName)
    {
        var method = ContractDescriptors.FindService(serviceName)!.FindMethodByName(rpcName);

        Assert.Equal("credentials.common.v1.PageRequest", method.InputType.FindFieldByName("page")?.MessageType.FullName);
        Assert.Equal("credentials.common.v1.PageResponse", method.OutputType.FindFieldByName("page")?.MessageType.FullName);
    }

    [Fact]
    public void DataGroup_HashOrContent_IsOneOf()
    {
        var dataGroup = ContractDescriptors.FindMessage("credentials.document_signer.v1.DataGroup");
        Assert.NotNull(dataGroup);

        Assert.Equal(FieldType.Int32, dataGroup.FindFieldByName("number").FieldType);
        var hash = dataGroup.FindFieldByName("hash");
        var content = dataGroup.FindFieldByName("content");
        Assert.Equal(FieldType.Bytes, hash.FieldType);
        Assert.Equal(FieldType.Bytes, content.FieldType);
        Assert.NotNull(hash.ContainingOneof);
        Assert.Same(hash.ContainingOneof, content.ContainingOneof);
    }

    [Theory]
    [InlineData("credentials.csca.v1.IssueSignerCertificateRequest", "csr_der")]
    [InlineData("credentials.csca.v1.SignMasterListResponse", "master_list")]
    [InlineData("credentials.common.v1.Certificate", "der")]
    [InlineData("credentials.common.v1.Crl", "der")]
    [InlineData("credentials.trust_anchor.v1.VerifyDocumentRequest", "security_object")]
    [InlineData("credentials.trust_anchor.v1.VerifyCertificateRequest", "certificate")]
    [InlineData("credentials.dtc.v1.VerifyDtcRequest", "content_info")]
    [InlineData("credentials.document_signer.v1.Issuance", "security_object")]
    public void PkiObject_Field_TravelsAsBytes(string messageName, string fieldName)
    {
        var message = ContractDescriptors.FindMessage(messageName);
        Assert.NotNull(message);

        Assert.Equal(FieldType.Bytes, message.FindFieldByName(fieldName)?.FieldType);
    }
}
