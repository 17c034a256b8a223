using System.Diagnostics;
using System.Formats.Asn1;
using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Sod;

namespace Credentials.Bench.PassiveAuthentication;

/// <summary>
/// A diagnostic (<c>--only breakdown</c>): where the time and the allocations of one Passive Authentication go, for the
/// first of <c>--algorithms</c>. Each stage runs 20 000 times as warm-up, then 100 000 times measured on one thread;
/// printed as µs and bytes allocated per call, three rounds (the spread shows the noise). No ratio, no SUMMARY line.
/// <para>
/// Stages: the whole <see cref="PassiveAuthenticator.Verify"/> (chain cached); <see cref="EfSod.Decode"/>; the copy of
/// the SOD it makes; the public <see cref="CmsSignedData.Decode"/> and <see cref="LdsSecurityObject.Decode"/> (each
/// including the private copy of its input they make, which EF.SOD decoding does not repeat); the SignerInfo
/// verification with an already decoded key (OpenSSL's share is most of it); decoding plus verification.
/// </para>
/// </summary>
internal static class Breakdown
{
    private const int Warmup = 20_000;
    private const int Iterations = 100_000;

    public static void Run(string name)
    {
        var document = BenchDocument.Create(name, TimeProvider.System.GetUtcNow());
        using var store = new PassiveAuthenticationTrustStore([document.Csca], [document.Crl]);
        using var authenticator = new PassiveAuthenticator(store);
        var request = new PassiveAuthenticationRequest { EfSod = document.Sod, DataGroups = document.DataGroups, ValidationTime = document.ValidationTime };
        var sod = EfSod.Decode(document.Sod);
        var dsc = sod.FindDocumentSignerCertificate()!;
        using var key = VerificationKey.FromSubjectPublicKeyInfo(dsc.SubjectPublicKeyInfo);
        AsnDecoder.ReadEncodedValue(document.Sod, AsnEncodingRules.BER, out var contentOffset, out var contentLength, out _);
        var contentInfo = sod.Encoded.Slice(contentOffset, contentLength); // inside the SOD's 0x77 application tag
        var eContent = sod.SignedData.EContent!.Value;
        Console.WriteLine($"# Passive Authentication breakdown, {name}, {Iterations} calls per stage after {Warmup}, 1 thread; µs and bytes allocated per call");
        for (var round = 0; round < 3; round++)
        {
            Measure("full Verify", () => authenticator.Verify(request));
            Measure("EfSod.Decode", () => EfSod.Decode(document.Sod));
            Measure($"SOD copy ({document.Sod.Length} B)", () => document.Sod.AsSpan().ToArray());
            Measure("CmsSignedData.Decode", () => CmsSignedData.Decode(contentInfo));
            Measure("LdsSecurityObject.Decode", () => LdsSecurityObject.Decode(eContent));
            Measure("VerifySigner (decoded key)", () => sod.SignedData.VerifySigner(sod.SignerInfo, dsc, key));
            Measure("EfSod.Decode + VerifySigner", () =>
            {
                var decoded = EfSod.Decode(document.Sod);
                decoded.SignedData.VerifySigner(decoded.SignerInfo, dsc, key);
            });
        }
    }

    private static void Measure(string what, Action action)
    {
        for (var i = 0; i < Warmup; i++)
        {
            action();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            action();
        }

        var microseconds = watch.Elapsed.TotalMicroseconds / Iterations;
        Console.WriteLine($"{what,-30} {microseconds,8:0.00} µs {(GC.GetAllocatedBytesForCurrentThread() - allocated) / Iterations,8} B");
    }
}
