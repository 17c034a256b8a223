using Credentials.Contracts.Pkd.V1;

namespace Credentials.Pkd.Infrastructure;

/// <summary>
/// The one mapping between pkd's own contract enums and the stable text codes pkd stores (migration V0002: columns
/// <c>sync_runs.state</c>, <c>changes.change_type</c>). Stored rows never hold a proto enum number, so renumbering or
/// renaming an enum value cannot change their meaning. Certificate kinds (<c>certificates.kind</c>,
/// <c>changes.certificate_kind</c>) are stored with the suite's one mapping, <see cref="Credentials.Storage.CommonStoredCodes"/>.
/// </summary>
internal static class PkdStoredCodes
{
    /// <summary>SQL list of the states in which a run is active (the predicate of the partial unique index
    /// <c>sync_runs_one_active</c>, which ON CONFLICT must repeat literally).</summary>
    public const string ActiveRunStatesSql = "('" + Pending + "', '" + Running + "')";

    /// <summary>SQL list of the states in which a run has ended.</summary>
    public const string FinishedRunStatesSql = "('" + Succeeded + "', '" + Failed + "')";

    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    public static string Code(SyncState state) => state switch
    {
        SyncState.Pending => Pending,
        SyncState.Running => Running,
        SyncState.Succeeded => Succeeded,
        SyncState.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "A sync run is stored only in a defined state."),
    };

    public static SyncState SyncStateOf(string code) => code switch
    {
        Pending => SyncState.Pending,
        Running => SyncState.Running,
        Succeeded => SyncState.Succeeded,
        Failed => SyncState.Failed,
        _ => throw Unknown("sync_runs.state", code),
    };

    public static string Code(ChangeType type) => type switch
    {
        ChangeType.Added => "ADDED",
        ChangeType.Removed => "REMOVED",
        ChangeType.Updated => "UPDATED",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "A change is stored only with a defined type."),
    };

    public static ChangeType ChangeTypeOf(string code) => code switch
    {
        "ADDED" => ChangeType.Added,
        "REMOVED" => ChangeType.Removed,
        "UPDATED" => ChangeType.Updated,
        _ => throw Unknown("changes.change_type", code),
    };

    // The CHECK constraints of V0002 keep other values out; reaching this means the schema and the code disagree.
    private static InvalidOperationException Unknown(string column, string code) =>
        new($"Stored {column} code '{code}' is not one pkd knows; the schema and the service version disagree.");
}
