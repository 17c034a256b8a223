namespace Credentials.Pkd.Application;

/// <summary>The stored CRLs, as read by the RPCs.</summary>
internal interface ICrlStore
{
    /// <summary>The current verified CRL of each issuer matching every given selector (null = any).</summary>
    Task<IReadOnlyList<StoredCrlRow>> GetCurrentAsync(
        IReadOnlyList<string>? countries, byte[]? authorityKeyIdentifier, string? issuerFingerprint, CancellationToken cancellationToken);

    /// <summary>The DER of a stored CRL, or null.</summary>
    Task<byte[]?> GetDerAsync(string fingerprint, CancellationToken cancellationToken);
}
