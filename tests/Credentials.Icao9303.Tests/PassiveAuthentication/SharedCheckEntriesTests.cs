using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>
/// Check entries whose content cannot differ between calls (per hash algorithm, per DSC, per SOD structure) are built
/// once and shared: every result must still hold exactly the entries a fresh authenticator formats, whatever SODs the
/// same DSC signed before. The details are pinned here as text.
/// </summary>
public sealed class SharedCheckEntriesTests
{
    [Theory]
    [InlineData(TestPassportKey.EcP256)]
    [InlineData(TestPassportKey.RsaPkcs1)]
    public void Verify_SodsOfOneDscVaryingHashAndDataGroups_SameChecksAsFreshAuthenticator(TestPassportKey key)
    {
        using var passport = TestPassport.Create(key);
        using var store = passport.TrustStore(passport.Crl());
        using var cached = new PassiveAuthenticator(store);
        var dg1 = (ReadOnlyMemory<byte>)new DataGroup1(MachineReadableZone.Parse(TestPassport.Mrz)).Encode();
        var dg2 = passport.DataGroups[2];
        var dg3 = (ReadOnlyMemory<byte>)new byte[] { 0x63, 0x03, 0x01, 0x02, 0x03 };
        (string Oid, string Name, Dictionary<int, ReadOnlyMemory<byte>> Listed, Dictionary<int, ReadOnlyMemory<byte>> Presented)[] cases =
        [
            (Oids.Sha256, "SHA-256", new() { [1] = dg1, [2] = dg2 }, new() { [1] = dg1, [2] = dg2 }),
            (Oids.Sha512, "SHA-512", new() { [1] = dg1, [2] = dg2, [3] = dg3 }, new() { [1] = dg1, [2] = dg2 }),
            (Oids.Sha224, "SHA-224", new() { [1] = dg1, [3] = dg3 }, new() { [3] = dg3, [1] = dg1 }),
            (Oids.Sha384, "SHA-384", new() { [2] = dg2, [3] = dg3 }, new() { [2] = dg2, [3] = dg1 }),
            (Oids.Sha256, "SHA-256", new() { [1] = dg1, [2] = dg2 }, new() { [1] = dg1, [2] = dg2 }),
        ];

        foreach (var (oid, name, listed, presented) in cases)
        {
            var request = passport.Request(passport.Resign(oid, listed)) with { DataGroups = presented };
            var result = cached.Verify(request);
            using (var fresh = new PassiveAuthenticator(store))
            {
                Assert.Equal(fresh.Verify(request).Checks, result.Checks);
            }

            // Twice more from the warm caches.
            Assert.Equal(result.Checks, cached.Verify(request).Checks);
            Assert.Equal(result.Checks, cached.Verify(request with { EfSod = request.EfSod.ToArray() }).Checks);

            var numbers = string.Join(',', listed.Keys.Order());
            Assert.Equal($"LDSSecurityObject v0, {name}, DG {numbers}", result.Find("sod.structure")!.Detail);
            Assert.Equal("messageDigest equals the digest of the LDSSecurityObject.", result.Find("sod.message-digest")!.Detail);
            Assert.EndsWith(" signature verifies with the DSC key.", result.Find("sod.signature")!.Detail, StringComparison.Ordinal);
            Assert.Equal($"{name} and {result.DocumentSignerKeyAlgorithm} meet the policy.", result.Find("algorithm.policy")!.Detail);
            foreach (var number in listed.Keys)
            {
                var check = result.Find($"dg{number}.hash")!;
                var expected = !presented.TryGetValue(number, out var shown)
                    ? (CheckStatus.Skip, "dg.not-presented", $"DG{number} is listed in the SOD but was not presented.")
                    : shown.Span.SequenceEqual(listed[number].Span)
                        ? (CheckStatus.Pass, "dg.hash-match", $"DG{number} {name} matches the SOD.")
                        : (CheckStatus.Fail, "dg.hash-mismatch", $"DG{number} does not match its hash in the SOD.");
                Assert.Equal(expected, (check.Status, check.Reason, check.Detail));
            }

            Assert.Equal(presented.ContainsKey(1) ? "DG1 was presented." : "DG1 (the MRZ) was not presented: the data presented cannot be tied to a holder.", result.Find("evidence.dg1")!.Detail);
            Assert.Equal((CheckStatus.Pass, "dsc.found"), (result.Find("sod.signer-certificate")!.Status, result.Find("sod.signer-certificate")!.Reason));
            Assert.StartsWith("DSC signed by CSCA ", result.Find("chain.csca")!.Detail, StringComparison.Ordinal);
            Assert.Equal((CheckStatus.Pass, "role.ok"), (result.Find("dsc.role")!.Status, result.Find("dsc.role")!.Reason));
            Assert.StartsWith("The CSCA is valid ", result.Find("csca.validity")!.Detail, StringComparison.Ordinal);
        }
    }
}
