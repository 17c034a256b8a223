using System.CommandLine;
using Credentials.Grpc;

namespace Credentials.Cli.Connection;

/// <summary>
/// The mutual-TLS flags every server command takes. Defaults come from <c>$CRED_TLS_DIR</c> (or
/// <c>&lt;run dir&gt;/tls</c>): <c>ca.crt</c>, <c>admin.crt</c>, <c>admin.key</c>.
/// </summary>
internal sealed class TlsArguments
{
    public Option<string?> Ca { get; } = new("--ca") { Description = "PEM of the internal TLS CA (default: $CRED_TLS_DIR/ca.crt)" };

    public Option<string?> Cert { get; } = new("--cert") { Description = "client certificate PEM (default: $CRED_TLS_DIR/admin.crt)" };

    public Option<string?> Key { get; } = new("--key") { Description = "client private key PEM (default: $CRED_TLS_DIR/admin.key)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Ca);
        command.Options.Add(Cert);
        command.Options.Add(Key);
    }

    public ClientTlsMaterial Load(ParseResult parse)
    {
        var dir = Environment.GetEnvironmentVariable("CRED_TLS_DIR") is { Length: > 0 } d ? d : Path.Combine(ServiceEndpoints.RunDirectory(), "tls");
        var ca = parse.GetValue(Ca) ?? Path.Combine(dir, "ca.crt");
        var cert = parse.GetValue(Cert) ?? Path.Combine(dir, "admin.crt");
        var key = parse.GetValue(Key) ?? Path.Combine(dir, "admin.key");
        return ClientTlsMaterial.Load(ca, cert, key);
    }
}
