using Credentials.Testing;

namespace Credentials.Pkd.Tests;

/// <summary>Paths into the real-world ICAO corpus (see tests/Shared/IcaoVectors.cs; skips when it is absent).</summary>
internal static class Vectors
{
    public static string Root => IcaoVectors.RequireRoot();

    public static byte[] Read(string relative) => IcaoVectors.Read(relative);
}
