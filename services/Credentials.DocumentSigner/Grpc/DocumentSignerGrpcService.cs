using Credentials.Contracts.DocumentSigner.V1;

namespace Credentials.DocumentSigner.Grpc;

/// <summary>
/// gRPC surface of the document-signer service (translation only: validate, call one application handler, map the result).
/// RPCs not overridden here answer Unimplemented until the issue that builds them lands.
/// </summary>
internal sealed class DocumentSignerGrpcService : DocumentSignerService.DocumentSignerServiceBase
{
}
