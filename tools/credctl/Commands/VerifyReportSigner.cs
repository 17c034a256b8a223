namespace Credentials.Cli.Commands;

/// <summary>The Document Signer certificate of a <see cref="VerifyReport"/>, as <c>credctl verify</c> prints it.</summary>
/// <param name="Subject">Subject distinguished name.</param>
/// <param name="Issuer">Issuer distinguished name.</param>
/// <param name="Serial">Serial number in hex.</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="KeyAlgorithm">Key description, e.g. <c>ECDSA P-256</c>; null when unknown.</param>
internal sealed record VerifyReportSigner(string Subject, string Issuer, string Serial, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string? KeyAlgorithm);
