using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.ServiceDefaults.Tls;

/// <summary>
/// The <see cref="CallerIdentity"/> of a client certificate, read once per certificate object. Kestrel keeps one
/// <see cref="X509Certificate2"/> per TLS connection (the certificate cannot change on a connection), so the calls of
/// a connection reuse the answer instead of parsing the SAN extension again on every call. Entries live as long as the
/// certificate object (weak keys); the identity is a pure function of the certificate, so nothing can go stale.
/// Thread-safe; one instance per host (a singleton of the service defaults).
/// </summary>
internal sealed class CallerIdentityCache
{
    private readonly ConditionalWeakTable<X509Certificate2, Entry> _entries = [];

    /// <summary>The certificate's identity; null without a certificate or without a <c>spiffe://</c> URI SAN.</summary>
    public CallerIdentity? Of(X509Certificate2? certificate) => certificate is null ? null : EntryOf(certificate).Identity;

    /// <summary>The identity's short name (<see cref="CallerIdentity.Name"/>, e.g. <c>relying-party</c>); null as for <see cref="Of"/>.</summary>
    public string? NameOf(X509Certificate2? certificate) => certificate is null ? null : EntryOf(certificate).Name;

    private Entry EntryOf(X509Certificate2 certificate) =>
        _entries.GetValue(certificate, static c => new Entry(CallerIdentity.FromCertificate(c)));

    /// <summary>A box, so that "no identity" is cached too.</summary>
    private sealed class Entry(CallerIdentity? identity)
    {
        public CallerIdentity? Identity { get; } = identity;

        public string? Name { get; } = identity?.Name;
    }
}
