using Credentials.Contracts.Ledger.V1;

namespace Credentials.Ledger.Infrastructure;

/// <summary>
/// The one mapping between <see cref="CredentialKind"/> and the stable text code stored in
/// <c>credential_status.kind</c> (migration V0002). Stored rows never hold a proto enum number, so renumbering or
/// renaming an enum value cannot change their meaning.
/// </summary>
internal static class LedgerStoredCodes
{
    public const string Emrtd = "EMRTD";
    public const string Dtc = "DTC";

    public static string Code(CredentialKind kind) => kind switch
    {
        CredentialKind.Emrtd => Emrtd,
        CredentialKind.Dtc => Dtc,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A credential status is stored only with a defined kind."),
    };

    public static CredentialKind CredentialKindOf(string code) => code switch
    {
        Emrtd => CredentialKind.Emrtd,
        Dtc => CredentialKind.Dtc,
        // The CHECK constraint of V0002 keeps other values out; reaching this means the schema and the code disagree.
        _ => throw new InvalidOperationException($"Stored credential_status.kind code '{code}' is not one the ledger knows; the schema and the service version disagree."),
    };
}
