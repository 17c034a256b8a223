namespace Credentials.IntegrationTests.Faults;

/// <summary>Issued credentials of a document type, their ledger entries, those without one, and duplicated ones.</summary>
internal sealed record LedgerCounts(long Issued, long Entries, long Missing, long Duplicates);
