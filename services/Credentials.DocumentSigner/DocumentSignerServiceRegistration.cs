using Credentials.DocumentSigner.Grpc;

namespace Credentials.DocumentSigner;

/// <summary>Wiring of the document-signer service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class DocumentSignerServiceRegistration
{
    public static WebApplicationBuilder AddDocumentSignerServices(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapDocumentSignerServices(this WebApplication app)
    {
        app.MapGrpcService<DocumentSignerGrpcService>();
        return app;
    }
}
