namespace Credentials.Icao9303.Mrz;

/// <summary>A field of an MRZ whose content breaks a Doc 9303 rule other than its check digit.</summary>
/// <param name="Field">Stable field name: dateOfBirth, dateOfExpiry, issuingState, nationality.</param>
/// <param name="Reason">Stable reason code naming the field, e.g. <c>mrz.date-of-birth-invalid</c>.</param>
/// <param name="Detail">What is wrong, for people.</param>
public sealed record MrzFieldProblem(string Field, string Reason, string Detail);
