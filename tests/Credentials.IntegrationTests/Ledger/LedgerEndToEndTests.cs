using Credentials.Contracts.Ledger.V1;
using Credentials.IntegrationTests.DocumentSigner;
using Credentials.IntegrationTests.Services;

namespace Credentials.IntegrationTests.Ledger;

/// <summary>Issue 8: an EF.SOD signed by the real document-signer reaches the ledger through its outbox and Kafka.</summary>
[Collection(SuiteCollection.Name)]
public sealed class LedgerEndToEndTests(SuiteFixture suite)
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SignSecurityObject_CredentialIssued_ReachesTheLedger()
    {
        using var signer = new DocumentSignerClientFixture(suite);
        using var client = new LedgerTestClient(suite);
        var csca = await signer.CreateCscaAsync(Csca.CscaClientFixture.NewCscaId("ledger-e2e"));
        var documentType = DocumentSignerClientFixture.NewDocumentType();
        await signer.CreateSignerKeyAsync(csca.CscaId, documentType);
        var response = await signer.Signer.SignSecurityObjectAsync(DocumentSignerClientFixture.SignRequest(documentType, 0, out _), DocumentSignerClientFixture.Call);

        var (status, elapsed) = await client.WaitForStatusAsync(
            new GetCredentialStatusRequest { CredentialId = response.Issuance.CredentialId }, s => s.Status == CredentialStatus.Issued, Arrival);

        Assert.True(status.Status == CredentialStatus.Issued, $"CredentialIssued not in the ledger after {elapsed}");
        var bySod = await client.Ledger.GetCredentialStatusAsync(
            new GetCredentialStatusRequest { SecurityObjectSha256 = response.Issuance.SecurityObjectSha256 }, LedgerTestClient.Call);
        Assert.Equal(response.Issuance.CredentialId, bySod.CredentialId);
        var entries = await client.Ledger.ListEventsAsync(
            new ListEventsRequest { AggregateKey = response.Issuance.CredentialId, EventTypes = { "credential.issued" } }, LedgerTestClient.Call);
        var entry = Assert.Single(entries.Entries);
        Assert.Equal("document-signer", entry.Event.Producer);
    }
}
