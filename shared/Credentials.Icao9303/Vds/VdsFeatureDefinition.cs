namespace Credentials.Icao9303.Vds;

/// <summary>The definition of one feature in a document profile: tag, name, coding and the allowed value length in bytes.</summary>
/// <param name="Tag">Feature tag.</param>
/// <param name="Name">Stable name, e.g. <c>mrz-mrv-b</c>.</param>
/// <param name="Coding">Value coding.</param>
/// <param name="MinLength">Smallest value length in bytes.</param>
/// <param name="MaxLength">Largest value length in bytes.</param>
/// <param name="Required">The feature must be present.</param>
public sealed record VdsFeatureDefinition(byte Tag, string Name, VdsFeatureCoding Coding, int MinLength, int MaxLength, bool Required);
