using System.Text;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// A VDS document profile: the features a seal with a given document feature definition reference and document type
/// category carries (Doc 9303 Part 13 §2.2 and §3; Part 7 for the visa). Known profiles:
/// <list type="bullet">
/// <item><see cref="Visa"/> — 0x5D / 0x01 (Doc 9303 Part 7, VDS for visas): MRZ of an MRV-A (tag 1, 48 bytes C40) or MRV-B
/// (tag 2, 44 bytes C40), number of entries (3, 1 byte), duration of stay (4, 3 bytes: days, months, years), passport number
/// (5, 6 bytes C40), visa type (6, 1-4 bytes), additional feature (7, 0-254 bytes).</item>
/// <item><see cref="EmergencyTravelDocument"/> — 0x5E / 0x03 (Doc 9303 Part 13, emergency travel document): MRZ (tag 2, 48 bytes C40).</item>
/// <item><see cref="ArrivalAttestation"/> — 0xFD / 0x02 (German arrival attestation, BSI TR-03137): MRZ (tag 2, 48 bytes C40),
/// AZR number (tag 3, 8 bytes C40).</item>
/// <item><see cref="ResidencePermit"/> — 0xFB / 0x06 (German residence permit, BSI TR-03137): MRZ (tag 2, 48 bytes C40),
/// passport number (tag 3, 6 bytes C40).</item>
/// </list>
/// </summary>
public sealed class VdsDocumentProfile
{
    private VdsDocumentProfile(string name, byte featureDefinitionReference, byte documentTypeCategory, IReadOnlyList<VdsFeatureDefinition> features, IReadOnlyList<byte[]>? oneOf = null)
    {
        Name = name;
        DocumentFeatureDefinitionReference = featureDefinitionReference;
        DocumentTypeCategory = documentTypeCategory;
        Features = features;
        RequiredOneOf = oneOf ?? [];
    }

    /// <summary>ICAO visa (Doc 9303 Part 7).</summary>
    public static VdsDocumentProfile Visa { get; } = new("visa", 0x5D, 0x01,
    [
        new(0x01, "mrz-mrv-a", VdsFeatureCoding.Mrz, 48, 48, false),
        new(0x02, "mrz-mrv-b", VdsFeatureCoding.Mrz, 44, 44, false),
        new(0x03, "number-of-entries", VdsFeatureCoding.Binary, 1, 1, false),
        new(0x04, "duration-of-stay", VdsFeatureCoding.Binary, 3, 3, true),
        new(0x05, "passport-number", VdsFeatureCoding.C40, 6, 6, true),
        new(0x06, "visa-type", VdsFeatureCoding.Binary, 1, 4, false),
        new(0x07, "additional-feature", VdsFeatureCoding.Binary, 0, 254, false),
    ], [[0x01, 0x02]]);

    /// <summary>ICAO emergency travel document (Doc 9303 Part 13).</summary>
    public static VdsDocumentProfile EmergencyTravelDocument { get; } = new("emergency-travel-document", 0x5E, 0x03,
    [
        new(0x02, "mrz", VdsFeatureCoding.Mrz, 48, 48, true),
    ]);

    /// <summary>German arrival attestation (BSI TR-03137).</summary>
    public static VdsDocumentProfile ArrivalAttestation { get; } = new("arrival-attestation", 0xFD, 0x02,
    [
        new(0x02, "mrz", VdsFeatureCoding.Mrz, 48, 48, true),
        new(0x03, "azr-number", VdsFeatureCoding.C40, 8, 8, true),
    ]);

    /// <summary>German residence permit (BSI TR-03137).</summary>
    public static VdsDocumentProfile ResidencePermit { get; } = new("residence-permit", 0xFB, 0x06,
    [
        new(0x02, "mrz", VdsFeatureCoding.Mrz, 48, 48, true),
        new(0x03, "passport-number", VdsFeatureCoding.C40, 6, 6, true),
    ]);

    /// <summary>Every known profile.</summary>
    public static IReadOnlyList<VdsDocumentProfile> Known { get; } = [Visa, EmergencyTravelDocument, ArrivalAttestation, ResidencePermit];

    /// <summary>Stable profile name.</summary>
    public string Name { get; }

    /// <summary>Document feature definition reference.</summary>
    public byte DocumentFeatureDefinitionReference { get; }

    /// <summary>Document type category.</summary>
    public byte DocumentTypeCategory { get; }

    /// <summary>The features.</summary>
    public IReadOnlyList<VdsFeatureDefinition> Features { get; }

    /// <summary>Groups of tags of which exactly one must be present (e.g. the visa's MRV-A or MRV-B MRZ).</summary>
    public IReadOnlyList<byte[]> RequiredOneOf { get; }

    /// <summary>The profile named by a header, or null when none is known.</summary>
    public static VdsDocumentProfile? Find(VdsHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        foreach (var profile in Known)
        {
            if (profile.DocumentFeatureDefinitionReference == header.DocumentFeatureDefinitionReference && profile.DocumentTypeCategory == header.DocumentTypeCategory)
            {
                return profile;
            }
        }

        return null;
    }

    /// <summary>The profile with <paramref name="name"/>, or null.</summary>
    public static VdsDocumentProfile? FindByName(string name) => Known.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>The definition of <paramref name="tag"/>, or null when the profile does not define it.</summary>
    public VdsFeatureDefinition? Definition(byte tag) => Features.FirstOrDefault(f => f.Tag == tag);

    /// <summary>
    /// Checks a message zone against this profile: every tag defined, every length in range, every C40/MRZ/UTF-8 value well
    /// formed, required features present.
    /// </summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>vds.feature-unknown</c>, <c>vds.feature-length</c>, <c>vds.feature-coding</c>,
    /// <c>vds.feature-missing</c>.</exception>
    public void Validate(IReadOnlyList<VdsFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        foreach (var feature in features)
        {
            var definition = Definition(feature.Tag)
                ?? throw new Icao9303FormatException("vds.feature-unknown", $"The {Name} profile defines no feature 0x{feature.Tag:X2}.");
            if (feature.Value.Length < definition.MinLength || feature.Value.Length > definition.MaxLength)
            {
                throw new Icao9303FormatException("vds.feature-length",
                    $"Feature {definition.Name} has {feature.Value.Length} bytes; the {Name} profile allows {definition.MinLength}..{definition.MaxLength}.");
            }

            try
            {
                switch (definition.Coding)
                {
                    case VdsFeatureCoding.C40 or VdsFeatureCoding.Mrz:
                        _ = C40.Decode(feature.Value.Span);
                        break;
                    case VdsFeatureCoding.Utf8:
                        _ = new UTF8Encoding(false, true).GetString(feature.Value.Span);
                        break;
                }
            }
            catch (Exception ex) when (ex is Icao9303FormatException or DecoderFallbackException)
            {
                throw new Icao9303FormatException("vds.feature-coding", $"Feature {definition.Name} is not valid {definition.Coding}: {ex.Message}", ex);
            }
        }

        foreach (var definition in Features)
        {
            if (definition.Required && !features.Any(f => f.Tag == definition.Tag))
            {
                throw new Icao9303FormatException("vds.feature-missing", $"The {Name} profile requires feature {definition.Name} (0x{definition.Tag:X2}).");
            }
        }

        foreach (var group in RequiredOneOf)
        {
            if (features.Count(f => group.Contains(f.Tag)) != 1)
            {
                throw new Icao9303FormatException("vds.feature-missing",
                    $"The {Name} profile requires exactly one of the features {string.Join(", ", group.Select(t => $"0x{t:X2}"))}.");
            }
        }
    }
}
