using Credentials.Ledger.Grpc;

namespace Credentials.Ledger;

/// <summary>Wiring of the ledger service (STYLE.md rule 6: Program.cs stays short).</summary>
internal static class LedgerServiceRegistration
{
    public static WebApplicationBuilder AddLedgerServices(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapLedgerServices(this WebApplication app)
    {
        app.MapGrpcService<LedgerGrpcService>();
        return app;
    }
}
