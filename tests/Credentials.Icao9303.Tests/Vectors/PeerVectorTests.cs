using System.Text.Json;
using Credentials.Icao9303.ActiveAuthentication;
using Credentials.Icao9303.Bac;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.Vectors;

/// <summary>
/// The cases of <c>../shared/icao-vectors/peer/</c>: MRZ, BAC and Active Authentication expectations taken from five
/// other implementations' tests (see each folder's SOURCES.md). Every case must agree with the peer, except where the
/// peer treats a country code outside Doc 9303 Part 3 as an error: here it is a warning, and the test checks that the
/// warning names exactly the fields the peer rejected.
/// </summary>
public sealed class PeerVectorTests
{
    /// <summary>
    /// (kind of case, peer project): every peer's expected.json of the corpus, one row each; without the corpus one skip.
    /// </summary>
    public static IEnumerable<ITheoryDataRow> PeerSources() => IcaoVectors.Rows(new TheoryData<string, string>
    {
        { "mrz", "arg0s1080-mrz" },
        { "mrz", "dmrtd" },
        { "mrz", "gmrtd" },
        { "mrz", "pymrtd" },
        { "bac", "dmrtd" },
        { "bac", "jmrtd" },
        { "aa", "gmrtd" },
    });

    [Theory]
    [MemberData(nameof(PeerSources))]
    public void PeerCases_EveryCase_SameResultAsThePeer(string kind, string source)
    {
        switch (kind)
        {
            case "mrz":
                MrzCases_SameVerdictAndFailingField(source);
                break;
            case "bac":
                BacCases_SameKeys(source);
                break;
            case "aa":
                ActiveAuthenticationCases_SameResult(source);
                break;
            default:
                Assert.Fail($"{kind}: no such kind of peer case");
                break;
        }
    }

    private static void MrzCases_SameVerdictAndFailingField(string source)
    {
        var disagreements = new List<string>();
        var count = 0;
        foreach (var c in Cases(source, "mrz"))
        {
            count++;
            var id = c.GetProperty("id").GetString()!;
            var expected = c.GetProperty("expected");
            var lines = c.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToArray();
            MachineReadableZone? mrz = null;
            string? formatReason = null;
            try
            {
                mrz = MachineReadableZone.Parse(lines);
            }
            catch (Icao9303FormatException ex)
            {
                formatReason = ex.Reason;
            }

            var peerWarnings = PeerCountryCodeFalses(expected);
            var peerValid = expected.GetProperty("valid").GetBoolean();
            var peerInvalidOnlyForCodes = !peerValid && peerWarnings.Count > 0 && PeerFalses(expected).Count == peerWarnings.Count;
            var ours = mrz?.IsValid ?? false;
            if (ours != (peerValid || peerInvalidOnlyForCodes))
            {
                disagreements.Add($"{id}: peer valid={peerValid}, ours={ours} ({formatReason ?? Describe(mrz!)})");
                continue;
            }

            if (peerInvalidOnlyForCodes && !peerWarnings.SetEquals(mrz!.Warnings.Select(w => w.Field)))
            {
                disagreements.Add($"{id}: peer rejects the codes of [{string.Join(',', peerWarnings)}], our warnings are [{string.Join(',', mrz.Warnings.Select(w => w.Field))}]");
            }

            if (expected.TryGetProperty("peer_error", out var error) && ExpectedFailingField(error.GetString()!) is { } field
                && mrz is not null && !FailingFields(mrz).Contains(field))
            {
                disagreements.Add($"{id}: peer error '{error.GetString()}' names {field}, ours fails [{string.Join(',', FailingFields(mrz))}]");
            }
        }

        Assert.True(count > 0, $"no MRZ case in peer/{source}");
        Assert.Empty(disagreements);
    }

    private static void BacCases_SameKeys(string source)
    {
        var cases = Cases(source, "bac").ToList();
        Assert.NotEmpty(cases);
        foreach (var c in cases)
        {
            var keys = BacKeys.Derive(c.GetProperty("document_number").GetString()!, c.GetProperty("birth").GetString()!, c.GetProperty("expiry").GetString()!);
            var expected = c.GetProperty("expected");
            var id = c.GetProperty("id").GetString();
            Assert.True(expected.GetProperty("K_seed").GetString() == Convert.ToHexString(keys.KSeed), $"{id}: K_seed");
            if (expected.TryGetProperty("K_enc", out var enc))
            {
                Assert.True(enc.GetString() == Convert.ToHexString(keys.KEnc), $"{id}: K_enc");
                Assert.True(expected.GetProperty("K_mac").GetString() == Convert.ToHexString(keys.KMac), $"{id}: K_mac");
            }

            if (expected.TryGetProperty("MRZ_information", out var information))
            {
                Assert.True(information.GetString() == keys.MrzInformation, $"{id}: MRZ_information");
            }
        }
    }

    private static void ActiveAuthenticationCases_SameResult(string source)
    {
        var cases = Cases(source, "aa").ToList();
        Assert.NotEmpty(cases);
        foreach (var c in cases)
        {
            var dg15 = DataGroup15.Decode(TestVectors.Read("peer", source, c.GetProperty("dg15").GetString()!));
            var result = ActiveAuthenticationVerifier.Verify(
                dg15.SubjectPublicKeyInfo,
                Convert.FromHexString(c.GetProperty("challenge").GetString()!),
                Convert.FromHexString(c.GetProperty("signature").GetString()!));
            var expected = c.GetProperty("expected").GetProperty("aa").GetString() == "pass";
            Assert.True(expected == result.IsValid, $"{c.GetProperty("id").GetString()}: expected {(expected ? "pass" : "fail")}, got {result.Reason} {result.Detail}");
        }
    }

    private static IEnumerable<JsonElement> Cases(string source, string kind)
    {
        using var document = JsonDocument.Parse(TestVectors.Read("peer", source, "expected.json"));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == kind)
            .Select(c => c.Clone())
            .ToList();
    }

    private static List<string> PeerFalses(JsonElement expected) =>
        expected.TryGetProperty("peer_falses", out var falses) ? falses.EnumerateArray().Select(f => f.GetString()!).ToList() : [];

    // Arg0s1080/mrz reports "('valid country code', False)" for the issuing State and "('valid nationality code', False)".
    private static HashSet<string> PeerCountryCodeFalses(JsonElement expected) =>
        PeerFalses(expected).Select(f => f.Contains("'valid country code'", StringComparison.Ordinal) ? "issuingState"
                : f.Contains("'valid nationality code'", StringComparison.Ordinal) ? "nationality" : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    // The field a peer's error message names (dmrtd, gmrtd, pymrtd wording), or null when it names none we check.
    private static string? ExpectedFailingField(string error)
    {
        if (error.Contains("Invalid date format", StringComparison.Ordinal))
        {
            // pymrtd counts positions over both TD3 lines from 0: 57 is the date of birth, 65 the date of expiry.
            return error.EndsWith("57", StringComparison.Ordinal) ? "dateOfBirth" : error.EndsWith("65", StringComparison.Ordinal) ? "dateOfExpiry" : null;
        }

        return error switch
        {
            _ when error.Contains("date of expiry", StringComparison.OrdinalIgnoreCase) => "dateOfExpiry",
            _ when error.Contains("Document Number", StringComparison.OrdinalIgnoreCase) || error.StartsWith("document-number", StringComparison.Ordinal) => "documentNumber",
            _ when error.Contains("Birth check digit", StringComparison.Ordinal) => "dateOfBirth",
            _ when error.Contains("Expiry check digit", StringComparison.Ordinal) => "dateOfExpiry",
            _ when error.Contains("Optional data check digit", StringComparison.Ordinal) => "optionalData",
            _ when error.Contains("Composite check digit", StringComparison.Ordinal) => "composite",
            _ => null,
        };
    }

    private static HashSet<string> FailingFields(MachineReadableZone mrz) =>
        [.. mrz.Checks.Where(c => !c.Valid).Select(c => c.Field), .. mrz.FieldErrors.Select(e => e.Field)];

    private static string Describe(MachineReadableZone mrz) =>
        $"failing [{string.Join(',', FailingFields(mrz))}], warnings [{string.Join(',', mrz.Warnings.Select(w => w.Reason))}]";
}
