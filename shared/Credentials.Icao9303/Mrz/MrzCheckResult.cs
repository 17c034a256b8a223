namespace Credentials.Icao9303.Mrz;

/// <summary>One check digit of an MRZ: the field it protects, the digit printed and the digit computed.</summary>
/// <param name="Field">Stable field name: documentNumber, dateOfBirth, dateOfExpiry, optionalData, composite.</param>
/// <param name="Printed">The check digit character as printed.</param>
/// <param name="Computed">The computed digit, or null when the field holds invalid characters.</param>
/// <param name="Valid">True when they agree (or the field is all fillers and the printed digit is '&lt;' where Doc 9303 allows it).</param>
public sealed record MrzCheckResult(string Field, char Printed, char? Computed, bool Valid);
