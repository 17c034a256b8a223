using Credentials.SignerKeys;

namespace Credentials.DocumentSigner.Application;

/// <summary>The issuance a signing ended in: newly signed (with its key) or replayed from an earlier commit.</summary>
internal sealed record SigningOutcome(IssuanceRecord Issuance, SignerKeyRecord? Key, bool Replayed);
