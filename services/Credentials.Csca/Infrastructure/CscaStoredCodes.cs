using Credentials.Contracts.Csca.V1;

namespace Credentials.Csca.Infrastructure;

/// <summary>
/// The one mapping between csca's own contract enums and the stable text codes csca stores (migration V0003:
/// <c>generations.state</c>). Stored rows never hold a proto enum number, so renumbering or renaming an enum value
/// cannot change their meaning. The common enums (<c>certificates.kind</c>, <c>certificates.revocation_reason</c>)
/// are stored with the suite's one mapping, <see cref="Credentials.Storage.CommonStoredCodes"/>.
/// </summary>
internal static class CscaStoredCodes
{
    public const string Active = "ACTIVE";
    public const string Superseded = "SUPERSEDED";
    public const string Retired = "RETIRED";

    public static string Code(CscaGenerationState state) => state switch
    {
        CscaGenerationState.Active => Active,
        CscaGenerationState.Superseded => Superseded,
        CscaGenerationState.Retired => Retired,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "A generation is stored only in a defined state."),
    };

    public static CscaGenerationState GenerationStateOf(string code) => code switch
    {
        Active => CscaGenerationState.Active,
        Superseded => CscaGenerationState.Superseded,
        Retired => CscaGenerationState.Retired,
        _ => throw Unknown("generations.state", code),
    };

    // The CHECK constraints of V0003 keep other values out; reaching this means the schema and the code disagree.
    private static InvalidOperationException Unknown(string column, string code) =>
        new($"Stored {column} code '{code}' is not one csca knows; the schema and the service version disagree.");
}
