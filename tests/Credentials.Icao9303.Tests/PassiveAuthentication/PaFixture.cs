using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>Builds Passive Authentication inputs from a set folder of the shared vectors.</summary>
internal static class PaFixture
{
    public static string SetPath(string set) => TestVectors.PathOf("sod", set);

    /// <summary>The data group files of a set that the SOD lists.</summary>
    public static Dictionary<int, ReadOnlyMemory<byte>> ListedDataGroups(string set, IEnumerable<int> listed)
    {
        var result = new Dictionary<int, ReadOnlyMemory<byte>>();
        foreach (var number in listed)
        {
            var path = Path.Combine(SetPath(set), $"EF.DG{number}.bin");
            if (File.Exists(path))
            {
                result[number] = File.ReadAllBytes(path);
            }
        }

        return result;
    }

    public static PassiveAuthenticationTrustStore TrustStore(string set, params byte[][] crls)
    {
        var csca = Path.Combine(SetPath(set), "CSCA.cer");
        var cscas = File.Exists(csca) ? new[] { (ReadOnlyMemory<byte>)File.ReadAllBytes(csca) } : [];
        return new PassiveAuthenticationTrustStore(cscas, crls.Select(c => (ReadOnlyMemory<byte>)c));
    }

    /// <summary>The middle of the DSC validity: a time at which a real document was valid.</summary>
    public static DateTimeOffset InsideDscValidity(string set)
    {
        var dsc = X509CertificateParts.Decode(File.ReadAllBytes(Path.Combine(SetPath(set), "DSC.cer")));
        return dsc.NotBefore + ((dsc.NotAfter - dsc.NotBefore) / 2);
    }

    public static PassiveAuthenticationResult Run(string set, Func<PassiveAuthenticationRequest, PassiveAuthenticationRequest>? adjust = null, PassiveAuthenticationPolicy? policy = null)
    {
        var sod = File.ReadAllBytes(Path.Combine(SetPath(set), "EF.SOD.bin"));
        var listed = Icao9303.Sod.EfSod.Decode(sod).SecurityObject.DataGroupHashes.Select(h => h.DataGroupNumber);
        var request = new PassiveAuthenticationRequest
        {
            EfSod = sod,
            DataGroups = ListedDataGroups(set, listed),
            ValidationTime = InsideDscValidity(set),
        };
        request = adjust?.Invoke(request) ?? request;
        using var store = TrustStore(set);
        using var authenticator = new PassiveAuthenticator(store, policy);
        return authenticator.Verify(request);
    }
}
