using System.Text;
using Credentials.Icao9303.Vds;

namespace Credentials.Icao9303.Tests.Vds;

public sealed class SealDecoderFuzzTests
{
    [Fact]
    public void Decode_RandomMutationsOfPublicSeals_OnlyFormatException()
    {
        var random = new Random(9303);
        string[] seeds = [PublicSeals.Visa224BitSignature, PublicSeals.EmergencyTravelDocument, PublicSeals.ResidencePermit, PublicSeals.ArrivalAttestationV3, PublicSeals.SocialInsuranceV3];
        var decoded = 0;
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = Mutate(PublicSeals.Bytes(seeds[i % seeds.Length]), random);
            try
            {
                var seal = VisibleDigitalSeal.Decode(bytes);
                Assert.Equal(bytes, seal.Encode());
                if (VdsDocumentProfile.Find(seal.Header) is { } profile)
                {
                    try
                    {
                        profile.Validate(seal.Features);
                    }
                    catch (Icao9303FormatException ex)
                    {
                        rejected.Add(ex.Reason);
                    }
                }

                decoded++;
            }
            catch (Icao9303FormatException ex)
            {
                rejected.Add(ex.Reason);
            }
        }

        Assert.InRange(decoded, 1, 19_999);
        Assert.Contains("vds.truncated", rejected);
    }

    [Fact]
    public void Decode_RandomMutationsOfVdsNc_OnlyFormatException()
    {
        var random = new Random(9303);
        var seed = Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination());
        var rejected = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = Mutate(seed, random);
            try
            {
                var seal = VdsNcSeal.Decode(bytes);
                Assert.Equal(seal.Encode(), VdsNcSeal.Decode(seal.Encode()).Encode());
            }
            catch (Icao9303FormatException)
            {
                rejected++;
            }
        }

        Assert.InRange(rejected, 1, 5_000);
    }

    [Fact]
    public void Decode_RandomBytes_OnlyFormatException()
    {
        var random = new Random(1);
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && i % 2 == 0)
            {
                bytes[0] = 0xDC;
            }

            var vds = Record.Exception(() => VisibleDigitalSeal.Decode(bytes));
            var nc = Record.Exception(() => VdsNcSeal.Decode(bytes));
            Assert.True(vds is null or Icao9303FormatException, vds?.ToString());
            Assert.True(nc is null or Icao9303FormatException, nc?.ToString());
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        switch (random.Next(4))
        {
            case 0:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                break;
            case 1:
                bytes = bytes[..random.Next(bytes.Length)];
                break;
            case 2:
                var at = random.Next(bytes.Length);
                bytes = [.. bytes[..at], (byte)random.Next(256), .. bytes[at..]];
                break;
            default:
                for (var j = 0; j < 4; j++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                break;
        }

        return bytes;
    }
}
