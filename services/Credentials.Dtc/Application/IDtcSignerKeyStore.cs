namespace Credentials.Dtc.Application;

/// <summary>Where the DTC Signer keys' certificates and states are kept (<c>dtc.signer_keys</c> in production).</summary>
internal interface IDtcSignerKeyStore
{
    /// <summary>The newest key that is not retired and whose private key usage period has not ended at <paramref name="at"/>.</summary>
    Task<DtcSignerKey?> FindActiveAsync(DateTimeOffset at, CancellationToken cancellationToken);

    Task InsertAsync(DtcSignerKey key, CancellationToken cancellationToken);

    /// <summary>Retires a key (it never signs again); a key already retired keeps its first reason.</summary>
    Task RetireAsync(string keyLabel, DateTimeOffset at, string reason, CancellationToken cancellationToken);
}
