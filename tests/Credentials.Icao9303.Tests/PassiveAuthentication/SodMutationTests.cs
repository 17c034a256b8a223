using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Sod;
using Credentials.Icao9303.Tests.Vectors;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>
/// Seeded mutation test: random bit flips, byte overwrites, truncations and insertions of SODs made at test time (one per
/// key family, always) and of every real SOD of the corpus (when it is present; required in CI). Passive
/// Authentication must never throw, and must never pass a SOD whose signed bytes changed.
/// </summary>
public sealed class SodMutationTests
{
    // No timing assertion here (timing thresholds do not belong in tests); the run completing at all shows that no
    // mutated input hangs the decoder or the verifier.
    private const int MutationsPerSet = 120;

    [Fact]
    public void Verify_RandomMutationsOfSods_NeverThrowsNeverPassesChangedSignedBytes()
    {
        var random = new Random(9303);
        var total = 0;
        var rejected = 0;
        foreach (var key in Enum.GetValues<TestPassportKey>())
        {
            var outcome = MutateGenerated(key, random);
            total += outcome.Total;
            rejected += outcome.Rejected;
        }

        // The real SODs: without the corpus only the generated ones run (CRED_REQUIRE_VECTORS=1 makes that a failure).
        var realSets = IcaoVectors.Root is not null || IcaoVectors.Required ? SodSets.All : [];
        foreach (var set in realSets)
        {
            var outcome = MutateReal(set, random);
            total += outcome.Total;
            rejected += outcome.Rejected;
        }

        Assert.Equal((Enum.GetValues<TestPassportKey>().Length + realSets.Length) * MutationsPerSet, total);
        Assert.True(rejected > total * 8 / 10, $"only {rejected} of {total} mutations were rejected");
    }

    private static (int Total, int Rejected) MutateGenerated(TestPassportKey key, Random random)
    {
        using var passport = TestPassport.Create(key);
        using var store = passport.TrustStore();
        return MutateAndVerify($"generated {key}", passport.Sod, passport.DataGroups, TestPassport.Now, store, random);
    }

    private static (int Total, int Rejected) MutateReal(string set, Random random)
    {
        var original = TestVectors.Read("sod", set, "EF.SOD.bin");
        var listed = EfSod.Decode(original).SecurityObject.DataGroupHashes.Select(h => h.DataGroupNumber);
        using var store = PaFixture.TrustStore(set);
        return MutateAndVerify(set, original, PaFixture.ListedDataGroups(set, listed), PaFixture.InsideDscValidity(set), store, random);
    }

    private static (int Total, int Rejected) MutateAndVerify(
        string name, byte[] original, IReadOnlyDictionary<int, ReadOnlyMemory<byte>> dataGroups, DateTimeOffset time, PassiveAuthenticationTrustStore store, Random random)
    {
        var reference = EfSod.Decode(original);
        using var authenticator = new PassiveAuthenticator(store);
        Assert.Equal(CheckStatus.Pass, authenticator.Verify(new PassiveAuthenticationRequest { EfSod = original, DataGroups = dataGroups, ValidationTime = time }).Find("sod.signature")!.Status);
        var rejected = 0;
        for (var i = 0; i < MutationsPerSet; i++)
        {
            var mutated = Mutate(original, random);
            var result = authenticator.Verify(new PassiveAuthenticationRequest { EfSod = mutated, DataGroups = dataGroups, ValidationTime = time });
            if (result.Verdict is PassiveAuthenticationVerdict.Valid or PassiveAuthenticationVerdict.ValidWithWarnings)
            {
                // Passing is only acceptable when every signed byte is unchanged (the mutation hit unsigned data
                // such as the outer digestAlgorithms set or an equivalent length encoding).
                var decoded = EfSod.Decode(mutated);
                Assert.True(decoded.SignedData.EContent!.Value.Span.SequenceEqual(reference.SignedData.EContent!.Value.Span), $"{name} #{i}: eContent changed but passed");
                Assert.True(decoded.SignerInfo.SignedAttributesForSignature!.Value.Span.SequenceEqual(reference.SignerInfo.SignedAttributesForSignature!.Value.Span), $"{name} #{i}: signed attributes changed but passed");
                Assert.True(decoded.SignerInfo.Signature.Span.SequenceEqual(reference.SignerInfo.Signature.Span), $"{name} #{i}: signature changed but passed");
            }
            else
            {
                rejected++;
            }
        }

        return (MutationsPerSet, rejected);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
            {
                var copy = (byte[])original.Clone();
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            }

            case 1:
            {
                var copy = (byte[])original.Clone();
                var flips = random.Next(1, 8);
                for (var i = 0; i < flips; i++)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                return copy;
            }

            case 2:
                return original[..random.Next(original.Length)];
            default:
            {
                var at = random.Next(original.Length);
                var insert = new byte[random.Next(1, 4)];
                random.NextBytes(insert);
                return [.. original[..at], .. insert, .. original[at..]];
            }
        }
    }
}
