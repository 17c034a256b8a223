using Credentials.Pkd.Grpc;

namespace Credentials.Pkd;

/// <summary>Wiring of the pkd service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class PkdServiceRegistration
{
    public static WebApplicationBuilder AddPkdServices(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapPkdServices(this WebApplication app)
    {
        app.MapGrpcService<PkdGrpcService>();
        return app;
    }
}
