using Credentials.TrustAnchor;
using Credentials.ServiceDefaults;

// Trust store and inspection API: MRZ checks and Passive Authentication.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("trust-anchor");
builder.AddTrustAnchorServices();

var app = builder.Build();
app.MapServiceDefaults();
app.MapTrustAnchorServices();
return await app.RunServiceAsync(args);
