using Credentials.TrustAnchor.Grpc;

namespace Credentials.TrustAnchor;

/// <summary>Wiring of the trust-anchor service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class TrustAnchorServiceRegistration
{
    public static WebApplicationBuilder AddTrustAnchorServices(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapTrustAnchorServices(this WebApplication app)
    {
        app.MapGrpcService<TrustAnchorGrpcService>();
        return app;
    }
}
