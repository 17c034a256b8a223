namespace Credentials.Csca.Application;

/// <summary>Certificate status as a listing filter.</summary>
internal enum CertificateStatusFilter
{
    Valid,
    NotYetValid,
    Expired,
    Revoked,
}
