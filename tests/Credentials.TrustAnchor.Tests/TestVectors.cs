using Credentials.Testing;

namespace Credentials.TrustAnchor.Tests;

/// <summary>Paths into the real-world ICAO corpus (see tests/Shared/IcaoVectors.cs); tests skip when it is absent.</summary>
internal static class TestVectors
{
    public static string Root() => IcaoVectors.RequireRoot();

    public static byte[] Read(params string[] parts) => IcaoVectors.Read(parts);
}
