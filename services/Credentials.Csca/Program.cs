using Credentials.Csca;
using Credentials.ServiceDefaults;

// Country Signing CA: CSCA keys, link certificates, signer certificates, CRLs, the State's Master List.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("csca");
builder.AddCscaServices();

var app = builder.Build();
app.MapServiceDefaults();
app.MapCscaServices();
return await app.RunServiceAsync(args);
