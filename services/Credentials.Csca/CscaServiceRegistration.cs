using Credentials.Csca.Grpc;

namespace Credentials.Csca;

/// <summary>Wiring of the csca service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class CscaServiceRegistration
{
    public static WebApplicationBuilder AddCscaServices(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapCscaServices(this WebApplication app)
    {
        app.MapGrpcService<CscaGrpcService>();
        return app;
    }
}
