using Credentials.Cli.Commands.Icao;
using Credentials.Icao9303;
using Credentials.Icao9303.Pkd;

namespace Credentials.Cli.Commands.Trust;

/// <summary>
/// Certificate bundle files (DER, concatenated DER or PEM) for every command that takes trust certificates:
/// decoded with <see cref="CertificateBundle"/>, the good entries used and each skipped one reported on standard
/// error in the form <c>masterlist extract</c> prints for a Master List (so stdout, JSON included, is unchanged).
/// </summary>
internal static class CertificateBundles
{
    /// <summary>Reads <paramref name="path"/> and reports its skipped entries on <paramref name="error"/>.</summary>
    /// <exception cref="Icao9303FormatException">No usable certificate in the file (the reason of the first skipped entry).</exception>
    public static async Task<CertificateBundle> ReadAsync(string path, bool requireSupportedKey, TextWriter error, CancellationToken cancellationToken) =>
        Decode(path, await IcaoIo.ReadAsync(path, cancellationToken), requireSupportedKey, error);

    /// <summary>Decodes the content of <paramref name="path"/> already read; see <see cref="ReadAsync"/>.</summary>
    /// <exception cref="Icao9303FormatException">No usable certificate in the file.</exception>
    public static CertificateBundle Decode(string path, byte[] content, bool requireSupportedKey, TextWriter error)
    {
        var bundle = CertificateBundle.Decode(content, requireSupportedKey);
        if (bundle.Certificates.Count == 0)
        {
            var first = bundle.Skipped[0];
            throw new Icao9303FormatException(first.Reason, $"no usable certificate in {path} (entry {first.Index}: {first.Message})");
        }

        if (bundle.Skipped.Count > 0)
        {
            error.WriteLine($"{path}: {bundle.Certificates.Count} certificates used ({bundle.TotalEntries} entries, {bundle.DuplicatesRemoved} duplicates, {bundle.Skipped.Count} skipped)");
            WriteSkipped(error, bundle.Skipped);
        }

        return bundle;
    }

    /// <summary>One line per skipped entry: <c>  skipped #INDEX: REASON MESSAGE</c>.</summary>
    public static void WriteSkipped(TextWriter writer, IEnumerable<SkippedCertificate> skipped)
    {
        foreach (var entry in skipped)
        {
            writer.WriteLine($"  skipped #{entry.Index}: {entry.Reason} {entry.Message}");
        }
    }

    /// <summary>The JSON form of skipped entries (<c>index</c>, <c>reason</c>, <c>message</c>).</summary>
    public static object[] ToJson(IEnumerable<SkippedCertificate> skipped) =>
        skipped.Select(s => (object)new { index = s.Index, reason = s.Reason, message = s.Message }).ToArray();
}
