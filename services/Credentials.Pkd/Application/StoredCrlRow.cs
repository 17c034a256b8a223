namespace Credentials.Pkd.Application;

/// <summary>A current, verified CRL as read for GetCrl and ExportLdif.</summary>
internal sealed record StoredCrlRow(string Fingerprint, string Country, string Issuer, byte[] Der);
