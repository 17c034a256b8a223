using System.Text;
using System.Text.RegularExpressions;

namespace Credentials.Deployment.Tests.Security;

/// <summary>
/// Issue 9, security checks: a secret scan of every tracked file (<c>git ls-files</c>). Fails on PEM private-key
/// blocks, PKCS#12 files, AWS-style access keys and password/PIN literals in configuration files. Generated keys,
/// PINs and passwords belong in the run directories the scripts create (outside the tree) or in Secrets.
/// </summary>
public sealed partial class SecretScanTests
{
    /// <summary>
    /// Tracked files allowed to hold a finding, each with the reason. Empty today: the test vectors are public
    /// certificates and signed objects only (never an issuer's private key), and the scripts generate every secret
    /// at run time.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> AllowList = new Dictionary<string, string>(StringComparer.Ordinal);

    private static readonly string[] ConfigExtensions =
    [
        ".json", ".yaml", ".yml", ".xml", ".props", ".targets", ".config", ".conf", ".cnf", ".ini", ".toml",
        ".properties", ".env", ".tpl", ".sh",
    ];

    [Fact]
    public async Task TrackedTree_HoldsNoSecrets()
    {
        var files = await TrackedFilesAsync();
        Assert.True(files.Count > 100, $"expected the whole tree, git listed {files.Count} files");
        var findings = new List<string>();
        foreach (var file in files)
        {
            if (AllowList.ContainsKey(file))
            {
                continue;
            }

            findings.AddRange(Scan(file, Path.Combine(RepositoryPaths.Root, file)).Select(f => $"{file}: {f}"));
        }

        Assert.True(findings.Count == 0, "secrets in tracked files:\n" + string.Join('\n', findings));
        Assert.All(AllowList.Keys, f => Assert.Contains(f, files)); // no stale allow-list entries
    }

    [Theory]
    [InlineData("key.pem", "{BEGIN}PRIVATE KEY-----\nMIIB\n")]
    [InlineData("key.txt", "{BEGIN}EC PRIVATE KEY-----\nMHcC\n")]
    [InlineData("key.txt", "{BEGIN}ENCRYPTED PRIVATE KEY-----\nMIIF\n")]
    [InlineData("key.txt", "{BEGIN}OPENSSH PRIVATE KEY-----\nb3Blbn\n")]
    [InlineData("Program.cs", "var id = \"{AKIA}IOSFODNN7EXAMPLF\";")]
    [InlineData("appsettings.json", "{ \"ConnectionStrings\": { \"Postgres\": \"Host=db;Password=hunter2\" } }")]
    [InlineData("values.yaml", "postgres:\n  password: s3cr3t\n")]
    [InlineData("run.sh", "softhsm2-util --init-token --pin 1234 --so-pin 5678\n")]
    [InlineData("redis.conf", "requirepass verysecret\n")]
    [InlineData("bundle.p12", "binary")]
    [InlineData("bundle.pfx", "binary")]
    public void Scan_SecretShapedContent_IsFound(string name, string content)
    {
        // The markers are assembled here so that this tracked file does not itself hold a key-shaped string.
        content = content.Replace("{BEGIN}", "-----" + "BEGIN ", StringComparison.Ordinal).Replace("{AKIA}", "AK" + "IA", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"secret-scan-{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, content);
        try
        {
            Assert.NotEmpty(Scan(name, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("infra.sh", "pg_password=\"$(random_secret)\"\nwrite_env_line X \"Username=postgres;Password=$pg_password\"\n")]
    [InlineData("values.yaml", "kafka:\n  passwordKey: password\n  existingSecret: credentials-kafka\n")]
    [InlineData("appsettings.json", "{ \"KeyVault\": { \"PinFile\": \"/run/secrets/pin\", \"PinEnvironmentVariable\": \"CRED_PIN\" } }")]
    [InlineData("cert.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")]
    [InlineData("Tests.cs", "// Password=secret in a C# comment is not a configuration file")]
    public void Scan_ReferencesAndPublicMaterial_AreNotFindings(string name, string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"secret-scan-{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, content);
        try
        {
            Assert.Empty(Scan(name, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static IEnumerable<string> Scan(string name, string path)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension is ".p12" or ".pfx")
        {
            yield return "PKCS#12 file";
            yield break;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 0 && bytes[0] == 0x30 && bytes.Length > 4 && LooksLikePkcs12(bytes))
        {
            yield return "PKCS#12 (PFX) structure";
        }

        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            yield break; // other binary files (DER certificates, images) carry no text secrets
        }

        var text = Encoding.UTF8.GetString(bytes);
        foreach (Match match in PrivateKeyBlock().Matches(text))
        {
            yield return $"PEM private key block '{match.Value}' at line {Line(text, match.Index)}";
        }

        foreach (Match match in AwsAccessKey().Matches(text))
        {
            yield return $"AWS-style access key id at line {Line(text, match.Index)}";
        }

        foreach (Match match in AwsSecretAssignment().Matches(text))
        {
            yield return $"AWS secret access key assignment at line {Line(text, match.Index)}";
        }

        var fileName = Path.GetFileName(name);
        var isConfig = ConfigExtensions.Contains(extension) || fileName.StartsWith("Dockerfile", StringComparison.Ordinal)
            || (extension.Length == 0 && name.StartsWith("scripts/", StringComparison.Ordinal));
        if (!isConfig)
        {
            yield break;
        }

        // In shell scripts and ini-style files only '=' assigns; ':' there is prose ("USER_PIN SO_PIN: writes ...").
        var colonAssigns = extension is ".json" or ".yaml" or ".yml" or ".tpl" or ".xml" or ".props" or ".targets" or ".config" or ".toml";
        foreach (Match match in SecretLiteral().Matches(text))
        {
            var value = match.Groups["value"].Value;
            if (match.Groups["sep"].Value == ":" && !colonAssigns)
            {
                continue;
            }

            if (!IsReference(value))
            {
                yield return $"literal {match.Groups["key"].Value} at line {Line(text, match.Index)}";
            }
        }

        foreach (Match match in PinArgument().Matches(text))
        {
            if (!IsReference(match.Groups["value"].Value))
            {
                yield return $"literal {match.Groups["key"].Value} argument at line {Line(text, match.Index)}";
            }
        }
    }

    /// <summary>A value that names where the secret is instead of being it: a variable, a template, a placeholder.</summary>
    private static bool IsReference(string value)
    {
        var v = value.Trim('"', '\'');
        return v.Length == 0 || v[0] is '$' or '{' or '<' or '%' or '(' || v.StartsWith("${", StringComparison.Ordinal)
            || v.StartsWith("\"$", StringComparison.Ordinal);
    }

    /// <summary>PFX = SEQUENCE { version INTEGER 3, authSafe ContentInfo, ... } (RFC 7292 §4).</summary>
    private static bool LooksLikePkcs12(byte[] der)
    {
        var offset = 1;
        var length = der[offset++];
        if ((length & 0x80) != 0)
        {
            offset += length & 0x7F;
        }

        return offset + 3 <= der.Length && der[offset] == 0x02 && der[offset + 1] == 0x01 && der[offset + 2] == 0x03;
    }

    private static int Line(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static async Task<List<string>> TrackedFilesAsync()
    {
        var git = await ProcessRunner.RunAsync("git", ["ls-files", "-z"], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        if (git is null || git.ExitCode != 0)
        {
            Assert.Skip("git is not available or the checkout is not a git work tree: " + git?.StandardError.Trim());
        }

        return git.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.Exists(Path.Combine(RepositoryPaths.Root, f)))
            .ToList();
    }

    [GeneratedRegex(@"-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----")]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"(?i)aws_secret_access_key\s*[=:]\s*[A-Za-z0-9/+]{40}")]
    private static partial Regex AwsSecretAssignment();

    /// <summary><c>password=x</c>, <c>Password: x</c>, <c>"pin": "x"</c>, <c>requirepass x</c> and the like.</summary>
    [GeneratedRegex(@"(?i)(?<![A-Za-z0-9])(?<key>password|passwd|pwd|pin|so[-_]?pin|user[-_]?pin|secret[-_]?key|secretaccesskey)[""']?\s*(?<sep>[=:])\s*(?<value>""[^""\r\n]*""|'[^'\r\n]*'|[^\s;,""'}]+)|(?<key>requirepass)\s+(?<value>\S+)")]
    private static partial Regex SecretLiteral();

    /// <summary>Command-line flags that take a secret: <c>--pin 1234</c>, <c>--so-pin=5678</c>.</summary>
    [GeneratedRegex(@"(?<key>--(so-)?pin|--password)(=|\s+)(?<value>[^\s\\]+)")]
    private static partial Regex PinArgument();
}
