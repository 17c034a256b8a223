using Credentials.Icao9303.Dtc;

namespace Credentials.Icao9303.Tests.Dtc;

/// <summary>
/// Seeded mutations (bit flips, byte replacements, truncations, insertions, length-byte changes) of valid DTCs: the
/// decoder either returns a DTC that re-encodes without error or throws <see cref="Icao9303FormatException"/>; never
/// anything else.
/// </summary>
public sealed class DtcMutationTests
{
    [Theory]
    [InlineData(20261123, false)]
    [InlineData(9303, true)]
    public void Decode_SeededMutations_ThrowOnlyFormatException(int seed, bool signed)
    {
        var valid = (signed ? DtcSamples.Signed(withSod: true) : DtcSamples.EmrtdBound()).Encode();
        var random = new Random(seed);
        var rejected = 0;
        var accepted = 0;
        for (var i = 0; i < 3000; i++)
        {
            var mutated = Mutate(valid, random);
            try
            {
                var decoded = DtcContentInfo.Decode(mutated);
                _ = decoded.Encode();
                accepted++;
            }
            catch (Icao9303FormatException error)
            {
                Assert.False(string.IsNullOrEmpty(error.Reason));
                Assert.StartsWith("dtc.", error.Reason, StringComparison.Ordinal);
                rejected++;
            }
        }

        Assert.Equal(3000, accepted + rejected);
        Assert.True(rejected > 500, $"only {rejected} of 3000 mutations were rejected");
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        // Mutations concentrate on the structure (the first 64 bytes and the last 200) as well as random positions.
        int Position(int length) => random.Next(3) switch
        {
            0 => random.Next(Math.Min(64, length)),
            1 => Math.Max(0, length - 1 - random.Next(Math.Min(200, length))),
            _ => random.Next(length),
        };

        var bytes = valid.ToArray();
        switch (random.Next(6))
        {
            case 0:
                bytes[Position(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                bytes[Position(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            case 3:
            {
                var at = Position(bytes.Length);
                var insert = new byte[random.Next(1, 5)];
                random.NextBytes(insert);
                return [.. bytes[..at], .. insert, .. bytes[at..]];
            }

            case 4:
            {
                var at = Position(bytes.Length);
                return [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + random.Next(1, 8))..]];
            }

            default:
                var position = Position(bytes.Length);
                bytes[position] = random.Next(4) switch { 0 => 0x80, 1 => 0xFF, 2 => 0x84, _ => 0x00 };
                return bytes;
        }
    }
}
