using Credentials.Icao9303.Crypto;

namespace Credentials.Pkd.Application;

/// <summary>The verified CSCA and link certificates of the store that may have issued a DSC or CRL.</summary>
internal interface ICaCertificateLookup
{
    /// <summary>Every verified CSCA/link certificate (all generations, removed ones included) of <paramref name="country"/>.</summary>
    Task<IReadOnlyList<X509CertificateParts>> GetAsync(string country, CancellationToken cancellationToken);
}
