using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Sod;
using Credentials.Icao9303.Tests.Vectors;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>
/// Seeded mutation test over every real SOD: random bit flips, byte overwrites, truncations and insertions.
/// Passive Authentication must never throw, and must never pass a SOD whose signed bytes changed.
/// </summary>
public sealed class SodMutationTests
{
    // No timing assertion here (timing thresholds do not belong in tests); the run completing at all shows that no
    // mutated input hangs the decoder or the verifier.
    private const int MutationsPerSet = 120;

    [Fact]
    public void Verify_RandomMutationsOfRealSods_NeverThrowsNeverPassesChangedSignedBytes()
    {
        TestVectors.RequireRoot();
        var random = new Random(9303);
        var total = 0;
        var rejected = 0;
        foreach (var set in SodSets.All)
        {
            var original = TestVectors.Read("sod", set, "EF.SOD.bin");
            var reference = EfSod.Decode(original);
            var dataGroups = PaFixture.ListedDataGroups(set, reference.SecurityObject.DataGroupHashes.Select(h => h.DataGroupNumber));
            var time = PaFixture.InsideDscValidity(set);
            using var store = PaFixture.TrustStore(set);
            using var authenticator = new PassiveAuthenticator(store);
            for (var i = 0; i < MutationsPerSet; i++)
            {
                var mutated = Mutate(original, random);
                var result = authenticator.Verify(new PassiveAuthenticationRequest { EfSod = mutated, DataGroups = dataGroups, ValidationTime = time });
                total++;
                if (result.Verdict is PassiveAuthenticationVerdict.Valid or PassiveAuthenticationVerdict.ValidWithWarnings)
                {
                    // Passing is only acceptable when every signed byte is unchanged (the mutation hit unsigned data
                    // such as the outer digestAlgorithms set or an equivalent length encoding).
                    var decoded = EfSod.Decode(mutated);
                    Assert.True(decoded.SignedData.EContent!.Value.Span.SequenceEqual(reference.SignedData.EContent!.Value.Span), $"{set} #{i}: eContent changed but passed");
                    Assert.True(decoded.SignerInfo.SignedAttributesForSignature!.Value.Span.SequenceEqual(reference.SignerInfo.SignedAttributesForSignature!.Value.Span), $"{set} #{i}: signed attributes changed but passed");
                    Assert.True(decoded.SignerInfo.Signature.Span.SequenceEqual(reference.SignerInfo.Signature.Span), $"{set} #{i}: signature changed but passed");
                }
                else
                {
                    rejected++;
                }
            }
        }

        Assert.Equal(SodSets.All.Length * MutationsPerSet, total);
        Assert.True(rejected > total * 8 / 10, $"only {rejected} of {total} mutations were rejected");
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
