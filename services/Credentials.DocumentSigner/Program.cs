using Credentials.DocumentSigner;
using Credentials.ServiceDefaults;

// Document Signer: DS keys in the HSM and EF.SOD signing.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("document-signer");
builder.AddDocumentSignerServices();

var app = builder.Build();
app.MapServiceDefaults();
app.MapDocumentSignerServices();
return await app.RunServiceAsync(args);
