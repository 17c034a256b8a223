using System.Text;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.Vds.Idb;

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

    [Fact]
    public void Decode_RandomMutationsOfIdbText_OnlyFormatException()
    {
        var random = new Random(9303);
        string[] seeds = [PublicIdbBarcodes.SignedCompressed, PublicIdbBarcodes.Signed, PublicIdbBarcodes.UnsignedCompressed, PublicIdbBarcodes.CertifyingPermanentResidence,
            PublicIdbBarcodes.ProvisionalResidenceDocument, PublicIdbBarcodes.Visa, PublicIdbBarcodes.MirkotpCompressedCan];
        const string characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=a1 ";
        var decoded = 0;
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20_000; i++)
        {
            var text = seeds[i % seeds.Length].ToCharArray().ToList();
            switch (random.Next(3))
            {
                case 0:
                    text[random.Next(text.Count)] = characters[random.Next(characters.Length)];
                    break;
                case 1:
                    text.RemoveRange(random.Next(text.Count), 1);
                    break;
                default:
                    text.Insert(random.Next(text.Count), characters[random.Next(characters.Length)]);
                    break;
            }

            var mutated = new string([.. text]);
            try
            {
                var barcode = IdbBarcode.Decode(mutated);
                Assert.Equal(mutated.Trim(), barcode.Encode());
                Assert.Equal(barcode.Payload.ToArray(), barcode.EncodePayload());
                decoded++;
            }
            catch (Icao9303FormatException ex)
            {
                rejected.Add(ex.Reason);
            }
        }

        Assert.InRange(decoded, 1, 19_999);
        Assert.Contains("idb.base32-invalid", rejected);
    }

    [Fact]
    public void Decode_RandomMutationsOfIdbPayload_OnlyFormatException()
    {
        var random = new Random(9303);
        string[] seeds = [PublicIdbBarcodes.Signed, PublicIdbBarcodes.CertifyingPermanentResidence, PublicIdbBarcodes.SupplementarySheetResidencePermit, PublicIdbBarcodes.Unsigned];
        var decoded = 0;
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20_000; i++)
        {
            var seed = IdbBarcode.Decode(seeds[i % seeds.Length]);
            var payload = Mutate(seed.Payload.ToArray(), random);
            var flag = (char)('A' + random.Next(4));
            var text = "RDB1" + flag + IdbBarcodeTests.IdbBase32Text(payload);
            try
            {
                var barcode = IdbBarcode.Decode(text);
                Assert.Equal(text, barcode.Encode());
                if (random.Next(4) == 0)
                {
                    try
                    {
                        IdbMessageType.Validate(barcode);
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
        Assert.Contains("idb.truncated", rejected);
    }

    [Fact]
    public void Decode_RandomIdbText_OnlyFormatException()
    {
        var random = new Random(2);
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 5)
            {
                "RDB1"u8.CopyTo(bytes);
                bytes[4] = (byte)('A' + (i % 4));
                for (var j = 5; j < bytes.Length; j++)
                {
                    bytes[j] = (byte)"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[bytes[j] % 32];
                }
            }

            var ex = Record.Exception(() => IdbBarcode.Decode(bytes));
            Assert.True(ex is null or Icao9303FormatException, ex?.ToString());
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
