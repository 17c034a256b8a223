using System.Globalization;

namespace Credentials.Cli.Connection;

/// <summary>
/// Where the six services listen. Looked up, in order, from <c>CRED_ENDPOINT_&lt;SERVICE&gt;</c> environment variables
/// (e.g. <c>CRED_ENDPOINT_DOCUMENT_SIGNER=127.0.0.1:7102</c>) and from <c>services.env</c> in the run directory that
/// <c>scripts/up</c> writes (<c>$CRED_RUN_DIR</c>, default <c>./.run</c>).
/// </summary>
internal static class ServiceEndpoints
{
    /// <summary>The services of the suite, by their short names.</summary>
    public static readonly IReadOnlyList<string> Services = ["csca", "document-signer", "dtc", "trust-anchor", "pkd", "ledger"];

    public static string? Find(string service)
    {
        var variable = VariableName(service);
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var file = Path.Combine(RunDirectory(), "services.env");
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            var text = line.Trim();
            if (text.StartsWith("export ", StringComparison.Ordinal))
            {
                text = text[7..];
            }

            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && text[..eq] == variable)
            {
                return text[(eq + 1)..].Trim('\'', '"');
            }
        }

        return null;
    }

    public static string RunDirectory() =>
        Environment.GetEnvironmentVariable("CRED_RUN_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Environment.CurrentDirectory, ".run");

    public static string VariableName(string service) =>
        "CRED_ENDPOINT_" + service.Replace('-', '_').ToUpper(CultureInfo.InvariantCulture);
}
