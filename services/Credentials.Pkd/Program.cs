using Credentials.Pkd;
using Credentials.ServiceDefaults;

// ICAO PKD and Master List synchronisation, published to relying parties.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("pkd");
builder.AddPkdServices();

var app = builder.Build();
app.MapServiceDefaults();
app.MapPkdServices();
return await app.RunServiceAsync(args);
