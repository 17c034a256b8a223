namespace Credentials.Cli.Commands.Icao;

/// <summary>Parsed arguments of <c>credctl verify</c>.</summary>
internal sealed record VerifyArguments
{
    public required string Sod { get; init; }

    public IReadOnlyList<string> DataGroups { get; init; } = [];

    public IReadOnlyList<string> Cscas { get; init; } = [];

    public IReadOnlyList<string> Crls { get; init; } = [];

    public string? Dsc { get; init; }

    public string? Mrz { get; init; }

    public string? At { get; init; }

    public bool RequireCrl { get; init; }

    public string? AaChallenge { get; init; }

    public string? AaSignature { get; init; }

    public bool Json { get; init; }
}
