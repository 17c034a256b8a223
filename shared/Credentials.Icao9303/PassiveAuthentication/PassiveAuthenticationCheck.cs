namespace Credentials.Icao9303.PassiveAuthentication;

/// <summary>One check of Passive Authentication.</summary>
/// <param name="Name">Stable check name, e.g. <c>sod.signature</c>, <c>dg2.hash</c>, <c>chain.csca</c>, <c>crl.dsc</c>.</param>
/// <param name="Status">pass, fail, warn or skip.</param>
/// <param name="Reason">Stable reason code, e.g. <c>dg.hash-mismatch</c>, <c>crl.revoked</c>, <c>algorithm.sha1</c>.</param>
/// <param name="Detail">Human-readable detail.</param>
/// <param name="Indeterminate">A failure that makes the verdict INDETERMINATE rather than INVALID.</param>
public sealed record PassiveAuthenticationCheck(string Name, CheckStatus Status, string Reason, string Detail, bool Indeterminate = false);
