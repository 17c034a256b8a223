namespace Credentials.Icao9303.Mrz;

/// <summary>
/// The data an MRZ carries (Doc 9303 Parts 4-7), without fillers: input to <see cref="MachineReadableZone.Create"/>,
/// and the parsed fields of <see cref="MachineReadableZone"/>.
/// </summary>
public sealed record MrzData
{
    /// <summary>Document code, 1-2 characters (P, PD, I, ID, AC, V...).</summary>
    public required string DocumentCode { get; init; }

    /// <summary>Issuing State or organisation: ISO 3166-1 alpha-3, or Germany's one-letter <c>D</c> (Part 3 section 5).</summary>
    public required string IssuingState { get; init; }

    /// <summary>Primary identifier (surname), spaces between name parts.</summary>
    public required string PrimaryIdentifier { get; init; }

    /// <summary>Secondary identifier (given names), spaces between name parts.</summary>
    public string SecondaryIdentifier { get; init; } = string.Empty;

    /// <summary>Document number, any length (long numbers overflow into the optional data on TD1/TD2).</summary>
    public required string DocumentNumber { get; init; }

    /// <summary>Nationality code (alpha-3 or <c>D</c>).</summary>
    public required string Nationality { get; init; }

    /// <summary>Date of birth YYMMDD (fillers for unknown parts).</summary>
    public required string DateOfBirth { get; init; }

    /// <summary>Sex: M, F or &lt; (X is printed as &lt;).</summary>
    public required string Sex { get; init; }

    /// <summary>Date of expiry YYMMDD.</summary>
    public required string DateOfExpiry { get; init; }

    /// <summary>Optional data (TD3: personal number; TD1: line 1 optional data; TD2/MRV: optional data).</summary>
    public string OptionalData1 { get; init; } = string.Empty;

    /// <summary>TD1 line 2 optional data.</summary>
    public string OptionalData2 { get; init; } = string.Empty;
}
