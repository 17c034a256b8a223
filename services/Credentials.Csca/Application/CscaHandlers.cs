namespace Credentials.Csca.Application;

/// <summary>The use cases of the csca service, one handler per RPC, injected together into the gRPC surface.</summary>
internal sealed record CscaHandlers(
    CreateCscaHandler CreateCsca,
    RolloverCscaHandler RolloverCsca,
    IssueSignerCertificateHandler IssueSignerCertificate,
    RevokeCertificateHandler RevokeCertificate,
    PublishCrlHandler PublishCrl,
    GetCrlHandler GetCrl,
    ListCertificatesHandler ListCertificates,
    SignMasterListHandler SignMasterList);
