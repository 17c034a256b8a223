namespace Credentials.Cli.Commands;

/// <summary>The inputs of <c>credctl seal verify</c>.</summary>
internal sealed record SealVerifyArguments
{
    public required string Seal { get; init; }

    public IReadOnlyList<string> Signers { get; init; } = [];

    public IReadOnlyList<string> Cscas { get; init; } = [];

    public IReadOnlyList<string> Crls { get; init; } = [];

    public string? At { get; init; }

    public bool RequireCrl { get; init; }

    public bool Json { get; init; }
}
