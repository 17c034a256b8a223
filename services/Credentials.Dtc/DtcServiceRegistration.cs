using Credentials.Dtc.Grpc;

namespace Credentials.Dtc;

/// <summary>Wiring of the dtc service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class DtcServiceRegistration
{
    public static WebApplicationBuilder AddDtcServices(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapDtcServices(this WebApplication app)
    {
        app.MapGrpcService<DtcGrpcService>();
        return app;
    }
}
