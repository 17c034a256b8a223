namespace Credentials.TrustAnchor.Application;

/// <summary>The authoritative store (PostgreSQL schema <c>trust_anchor</c>).</summary>
internal interface ITrustMaterialSource
{
    /// <summary>The committed store version.</summary>
    Task<long> GetVersionAsync(CancellationToken cancellationToken);

    /// <summary>All trust material at one consistent version.</summary>
    Task<TrustMaterial> LoadAsync(CancellationToken cancellationToken);
}
