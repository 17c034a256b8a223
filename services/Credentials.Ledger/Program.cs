using Credentials.Ledger;
using Credentials.ServiceDefaults;

// Append-only, tamper-evident ledger of every lifecycle event.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("ledger");
builder.AddLedgerServices();

var app = builder.Build();
app.MapServiceDefaults();
app.MapLedgerServices();
return await app.RunServiceAsync(args);
