using Credentials.Testing;

namespace Credentials.Icao9303.Tests;

/// <summary>
/// The real-world ICAO corpus for this project's tests, found by <see cref="IcaoVectors"/> (tests/Shared:
/// <c>$CRED_ICAO_VECTORS</c>, the scripts/vectors cache, <c>../shared/icao-vectors</c>). Tests call
/// <see cref="RequireRoot"/> or <see cref="PathOf"/> and are skipped when it is absent (failed with CRED_REQUIRE_VECTORS=1).
/// </summary>
public static class TestVectors
{
    /// <summary>Absolute path of the corpus folder, or null when it is not present.</summary>
    public static string? Root => IcaoVectors.Root;

    /// <summary>Returns <see cref="Root"/>, or skips the calling test with a message naming scripts/vectors when it is absent.</summary>
    public static string RequireRoot() => IcaoVectors.RequireRoot();

    /// <summary>Path of a corpus file (skips when it is absent).</summary>
    public static string PathOf(params string[] parts) => IcaoVectors.PathOf(parts);

    /// <summary>Reads a corpus file (skips when it is absent).</summary>
    public static byte[] Read(params string[] parts) => IcaoVectors.Read(parts);
}
