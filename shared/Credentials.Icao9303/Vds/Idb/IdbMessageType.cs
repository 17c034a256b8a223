namespace Credentials.Icao9303.Vds.Idb;

/// <summary>
/// A message type of the IDB message group: its tag, name, and fixed value length where one is defined. The ICAO types
/// are those of the TR's message type table (ICAO TR "ICAO Datastructure for Barcode" §3.3); national types are
/// accepted only from their country (the German ones, BSI, as tsenger/vdstools lists them).
/// </summary>
/// <param name="Tag">Message type tag.</param>
/// <param name="Name">Name as the definition writes it.</param>
/// <param name="Length">Fixed value length in bytes, or null when variable.</param>
/// <param name="Country">Country identifier that defines the type, or null for an ICAO type.</param>
/// <param name="Coding">How the value is coded.</param>
public sealed record IdbMessageType(byte Tag, string Name, int? Length, string? Country = null, VdsFeatureCoding Coding = VdsFeatureCoding.Binary)
{
    /// <summary>Largest value accepted for a message of variable length (a face image of the German profiles is below 1,000 bytes).</summary>
    public const int MaxVariableLength = 2048;

    /// <summary>The message types this library knows.</summary>
    public static IReadOnlyList<IdbMessageType> Known { get; } =
    [
        new(0x01, "VISA", null),
        new(0x02, "EMERGENCY_TRAVEL_DOCUMENT", null),
        new(0x03, "PROOF_OF_TESTING", null),
        new(0x04, "PROOF_OF_VACCINATION", null),
        new(0x05, "PROOF_OF_RECOVERY", null),
        new(0x06, "DIGITAL_TRAVEL_AUTHORIZATION", null),
        new(0x07, "MRZ_TD1", 60, Coding: VdsFeatureCoding.Mrz), // 90 characters in C40
        new(0x08, "MRZ_TD3", 60, Coding: VdsFeatureCoding.Mrz), // 88 characters in C40
        new(0x09, "CAN", null, Coding: VdsFeatureCoding.C40),
        new(0x0A, "EF_CARD_ACCESS", null),
        new(0x80, "FACE_IMAGE", null, "D<<"),
        new(0x81, "MRZ_TD2", 48, "D<<", VdsFeatureCoding.Mrz), // 72 characters in C40
        new(0x82, "DOCUMENT_REFERENCE", 6, "D<<", VdsFeatureCoding.C40),
        new(0x83, "AZR", 8, "D<<", VdsFeatureCoding.C40),
        new(0x84, "DATE", 4, "D<<"),
        new(0x85, "DOCUMENT_NUMBER", 6, "D<<", VdsFeatureCoding.C40),
        new(0x86, "NATIONAL_DOCUMENT_IDENTIFIER", 1, "D<<"),
    ];

    /// <summary>The type of <paramref name="tag"/> in a barcode from <paramref name="countryIdentifier"/>, if known.</summary>
    public static IdbMessageType? Find(byte tag, string countryIdentifier)
    {
        foreach (var type in Known)
        {
            if (type.Tag == tag && (type.Country is null || string.Equals(type.Country, countryIdentifier, StringComparison.Ordinal)))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>Checks every message of <paramref name="barcode"/> against its type.</summary>
    /// <exception cref="Icao9303FormatException"><c>idb.message-unknown</c> (a type not defined for the barcode's country) or
    /// <c>idb.message-length</c> (a value of the wrong or an oversized length).</exception>
    public static void Validate(IdbBarcode barcode)
    {
        ArgumentNullException.ThrowIfNull(barcode);
        foreach (var message in barcode.Messages)
        {
            var type = Find(message.Tag, barcode.Header.CountryIdentifier)
                ?? throw new Icao9303FormatException("idb.message-unknown", $"Message type 0x{message.Tag:X2} is not defined for country {barcode.Header.CountryIdentifier}.");
            if (type.Length is { } fixedLength ? message.Value.Length != fixedLength : message.Value.Length is 0 or > MaxVariableLength)
            {
                throw new Icao9303FormatException("idb.message-length",
                    $"Message {type.Name} has {message.Value.Length} bytes; {(type.Length is { } l ? $"{l} are" : $"1..{MaxVariableLength} are")} defined.");
            }
        }
    }
}
