namespace Credentials.Icao9303.Pkd;

/// <summary>Bounds for <see cref="LdifReader"/>: memory use is proportional to the largest record, never the file.</summary>
public sealed class LdifReaderOptions
{
    /// <summary>Largest physical line (bytes) accepted. Default 1 MiB.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Largest record (sum of decoded values, bytes). Default 64 MiB (Master Lists are a few MB).</summary>
    public int MaxEntryBytes { get; init; } = 64 << 20;

    /// <summary>
    /// When true (default), every <c>;binary</c>, <c>pkdMasterListContent</c> and <c>pkdDeviationListContent</c>
    /// value must be exactly one complete DER/BER element, so a value cut short by a truncated file is rejected.
    /// </summary>
    public bool ValidatePayloadFraming { get; init; } = true;
}
