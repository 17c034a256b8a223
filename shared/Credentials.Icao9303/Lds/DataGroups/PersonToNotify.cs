namespace Credentials.Icao9303.Lds.DataGroups;

/// <summary>One DG16 entry (Doc 9303 Part 10 section 4.7.16).</summary>
/// <param name="DateRecorded">5F50, YYYYMMDD.</param>
/// <param name="Name">5F51, primary&lt;&lt;secondary identifiers.</param>
/// <param name="Telephone">5F52.</param>
/// <param name="Address">5F53.</param>
public sealed record PersonToNotify(string DateRecorded, string Name, string Telephone, string Address);
