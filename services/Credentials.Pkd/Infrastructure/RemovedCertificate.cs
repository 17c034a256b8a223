using Credentials.Contracts.Common.V1;

namespace Credentials.Pkd.Infrastructure;

/// <summary>A certificate that no artifact lists any more (marked removed, kept).</summary>
internal sealed record RemovedCertificate(string Fingerprint, string Country, CertificateKind Kind, bool Verified);
