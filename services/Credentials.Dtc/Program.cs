using Credentials.Dtc;
using Credentials.ServiceDefaults;

// Digital Travel Credential (virtual component) issuance, verification and status.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("dtc");
builder.AddDtcServices();

var app = builder.Build();
app.MapServiceDefaults();
app.MapDtcServices();
return await app.RunServiceAsync(args);
