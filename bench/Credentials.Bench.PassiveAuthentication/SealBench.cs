using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.X509;

namespace Credentials.Bench.PassiveAuthentication;

/// <summary>
/// Seal verifications per CPU-second on one thread (a P-256 visa VDS and a P-256 VDS-NC, full verification: decode,
/// signer lookup, signature, role, path to the CSCA, CRL), each as a ratio to <c>openssl speed ecdsap256</c> verify/s.
/// Keys are generated in memory per run; nothing is stored.
/// </summary>
internal static class SealBench
{
    public static int Run(int seconds, int warmup)
    {
        var now = DateTimeOffset.UtcNow;
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cscaRequest = new CertificateRequest("CN=CSCA Bench, C=UT", cscaKey, HashAlgorithmName.SHA256);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        cscaRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false));
        using var csca = cscaRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signerRequest = new CertificateRequest("CN=UTSS, C=UT", signerKey, HashAlgorithmName.SHA256);
        signerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        signerRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false));
        signerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CertificateRoleRule.SealSignerEku)], true));
        using var signer = signerRequest.Create(csca, now.AddDays(-1), now.AddYears(1), [0x5E, 0xA1]);
        var crl = new CertificateRevocationListBuilder().Build(csca, 1, now.AddDays(30), HashAlgorithmName.SHA256, thisUpdate: now.AddDays(-1));

        var header = new VdsHeader
        {
            Version = VdsHeaderVersion.Version4,
            IssuingCountry = "UTO",
            SignerIdentifier = "UTSS",
            CertificateReference = "5EA1",
            DocumentIssueDate = DateOnly.FromDateTime(now.UtcDateTime),
            SignatureCreationDate = DateOnly.FromDateTime(now.UtcDateTime),
            DocumentFeatureDefinitionReference = 0x5D,
            DocumentTypeCategory = 0x01,
        };
        var signedData = VisibleDigitalSeal.EncodeSignedData(header,
        [
            VdsFeature.FromC40(0x01, "VCUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C<3UTO6908061F9406236"),
            new(0x04, new byte[] { 30, 0, 0 }),
            VdsFeature.FromC40(0x05, "L898902C<"),
        ]);
        var vds = VisibleDigitalSeal.Create(signedData, signerKey.SignData(signedData, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)).Encode();
        using var message = JsonDocument.Parse("""{"uvci":"U32870","pid":{"n":"ERIKSSON ANNA","dob":"1969-08-06"},"ve":[{"des":"XM68M6","nam":"Vaccine","vd":[{"dvc":"2026-01-02","seq":1,"ctr":"UTO","lot":"VC35679"}]}]}""");
        var ncData = VdsNcSeal.EncodeSignedData(new VdsNcHeader("icao.vacc", 1, "UTO"), message.RootElement);
        var vdsNc = VdsNcSeal.Create(ncData, "ES256", signer.RawData, signerKey.SignData(ncData, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)).Encode();

        using var store = new PassiveAuthenticationTrustStore([csca.RawData], [crl]);
        using var verifier = new SealVerifier(store);
        var summaries = new List<string>();
        var openssl = OpensslSpeed.VerifyPerSecond("ecdsap256", seconds);
        Console.WriteLine($"# Seal verification benchmark, {seconds} s per measurement after {warmup} s warm-up, 1 thread, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}");
        Console.WriteLine("| seal | verifications/s per CPU-second (ours) | wall clock | openssl speed ecdsap256 verify/s | ratio | load average |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var (name, seal, signers) in new[] { ("VDS visa P-256", vds, new[] { signer.RawData }), ("VDS-NC P-256", vdsNc, Array.Empty<byte[]>()) })
        {
            var request = new SealVerificationRequest { Seal = seal, SignerCertificates = [.. signers.Select(s => (ReadOnlyMemory<byte>)s)], ValidationTime = now };
            if (verifier.Verify(request) is { Verdict: not PassiveAuthenticationVerdict.Valid } first)
            {
                Console.Error.WriteLine($"{name}: expected VALID, got {first.Verdict}: " + string.Join("; ", first.Checks.Where(c => c.Status != CheckStatus.Pass).Select(c => $"{c.Name}={c.Reason}")));
                return 1;
            }

            _ = Loop(verifier, request, TimeSpan.FromSeconds(warmup));
            using var process = Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var count = Loop(verifier, request, TimeSpan.FromSeconds(seconds));
            var wall = stopwatch.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            if (count < 0)
            {
                Console.Error.WriteLine($"{name}: verdict changed during the run");
                return 1;
            }

            var ours = count / cpu;
            var ratio = openssl is > 0 ? (ours / openssl.Value).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
            var opensslText = openssl is { } o ? o.ToString("0", CultureInfo.InvariantCulture) : "n/a";
            var load = Load.Average();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ours:0} | {count / wall:0} | {opensslText} | {ratio} | {load} |"));
            summaries.Add(string.Create(CultureInfo.InvariantCulture,
                $"SUMMARY seal {name.Replace(' ', '-')} ratio={ratio} ours_per_cpu_s={ours:0} ours_per_wall_s={count / wall:0} openssl_verify_s={opensslText} load=\"{load}\""));
            // Issue 19 item 5 asks for the figure next to OpenSSL's; it sets no goal.
            Credentials.Bench.BenchResult.Print(
                $"Seal verification, {name} (per CPU-second)", Credentials.Bench.BenchResult.Rate(ours, "seals/s"),
                openssl is { } baseline ? "openssl speed ecdsap256 " + Credentials.Bench.BenchResult.Rate(baseline, "verify/s") : "n/a",
                openssl is > 0 ? ours / openssl.Value : null, "— (no goal set)", null);
        }

        foreach (var summary in summaries)
        {
            Console.WriteLine(summary);
        }

        return 0;
    }

    // Verifications done in the given time, or -1 when a verdict was not VALID.
    private static long Loop(SealVerifier verifier, SealVerificationRequest request, TimeSpan limit)
    {
        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < limit)
        {
            for (var i = 0; i < 16; i++)
            {
                if (verifier.Verify(request).Verdict != PassiveAuthenticationVerdict.Valid)
                {
                    return -1;
                }
            }

            count += 16;
        }

        return count;
    }
}
