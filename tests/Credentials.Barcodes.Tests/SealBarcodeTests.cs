using System.Diagnostics;
using System.Text;
using Credentials.Icao9303;
using Credentials.Icao9303.Tests.Vds;

namespace Credentials.Barcodes.Tests;

/// <summary>
/// Rendered seals are read back by independent decoders — libdmtx's <c>dmtxread</c> for DataMatrix, ZBar's
/// <c>zbarimg</c> for QR (Debian dmtx-utils and zbar-tools, installed by <c>scripts/infra</c>) — and by our own reader;
/// the bytes must be those of the seal.
/// </summary>
public sealed class SealBarcodeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("seal-barcode-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> VdsSeals => new()
    {
        PublicSeals.Visa224BitSignature,
        PublicSeals.EmergencyTravelDocument,
        PublicSeals.ResidencePermit,
        PublicSeals.ArrivalAttestationV3,
        PublicSeals.SocialInsuranceV3,
    };

    [Theory]
    [MemberData(nameof(VdsSeals))]
    public async Task RenderPng_Vds_DmtxreadReturnsTheSealBytes(string hex)
    {
        var seal = PublicSeals.Bytes(hex);

        var png = SealBarcode.RenderPng(seal);

        var decoded = await RunAsync("dmtxread", "--stop-after=1", Write("vds.png", png));
        Assert.Equal(Convert.ToHexString(seal), Convert.ToHexString(decoded));
        Assert.Equal(seal, SealBarcode.Read(png));
    }

    [Fact]
    public async Task RenderPng_GeneratedVisaSeal_DmtxreadReturnsTheSealBytes()
    {
        using var pki = new SealTestPki();
        var seal = SealTestPki.VisaSeal(pki.SealSignerKey);

        var png = SealBarcode.RenderPng(seal, moduleSize: 3);

        Assert.Equal(seal, await RunAsync("dmtxread", "--stop-after=1", Write("visa.png", png)));
    }

    [Fact]
    public async Task RenderPng_VdsNc_ZbarimgReturnsTheJson()
    {
        var seal = Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination());

        var png = SealBarcode.RenderPng(seal, moduleSize: 3);

        var decoded = await RunAsync("zbarimg", "--raw", "--quiet", "-Sbinary", Write("vdsnc.png", png));
        Assert.Equal(Encoding.UTF8.GetString(seal), Encoding.UTF8.GetString(decoded).TrimEnd('\n'));
        Assert.Equal(seal, SealBarcode.Read(png));
    }

    [Theory]
    [InlineData(PublicIdbBarcodes.Visa)]
    [InlineData(PublicIdbBarcodes.SignedCompressed)]
    [InlineData(PublicIdbBarcodes.MirkotpCompressedCan)]
    public async Task RenderPng_Idb_ZbarimgReturnsTheText(string text)
    {
        var png = SealBarcode.RenderPng(Encoding.ASCII.GetBytes(text), moduleSize: 3);

        var decoded = await RunAsync("zbarimg", "--raw", "--quiet", Write("idb.png", png));
        Assert.Equal(text, Encoding.ASCII.GetString(decoded).TrimEnd('\n'));
        Assert.Equal(text, Encoding.ASCII.GetString(SealBarcode.Read(png)));
    }

    [Fact]
    public async Task RenderPng_GeneratedIdbWithEmbeddedSigner_ZbarimgReturnsTheText()
    {
        using var pki = new SealTestPki();
        var text = IdbTestSeals.Signed(pki.SealSignerKey, pki.SealSigner, embed: true).Encode();

        var png = SealBarcode.RenderPng(Encoding.ASCII.GetBytes(text), moduleSize: 2);

        Assert.Equal(text, Encoding.ASCII.GetString(await RunAsync("zbarimg", "--raw", "--quiet", Write("idb-signed.png", png))).TrimEnd('\n'));
    }

    /// <summary>ZXing's finder alone missed about 1 in 30 of these large QR codes (ZBar read them all); Read retries as a pure barcode.</summary>
    [Fact]
    public void RenderPng_ManyGeneratedIdb_ReadBackByOurReader()
    {
        using var pki = new SealTestPki();
        var failures = 0;
        for (var i = 0; i < 120; i++)
        {
            var text = IdbTestSeals.Signed(pki.SealSignerKey, pki.SealSigner, embed: true, compress: i % 2 == 0).Encode();
            try
            {
                Assert.Equal(text, Encoding.ASCII.GetString(SealBarcode.Read(SealBarcode.RenderPng(Encoding.ASCII.GetBytes(text)))));
            }
            catch (Icao9303FormatException)
            {
                failures++;
            }
        }

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Read_RandomBytesAndNonBarcodeImage_OnlyFormatException()
    {
        var random = new Random(19);
        var png = SealBarcode.RenderPng(PublicSeals.Bytes(PublicSeals.ResidencePermit));
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])png.Clone();
            if (i % 3 == 0)
            {
                bytes = new byte[random.Next(1, 400)];
                random.NextBytes(bytes);
            }
            else
            {
                for (var j = 0; j < 8; j++)
                {
                    bytes[random.Next(8, bytes.Length)] = (byte)random.Next(256);
                }
            }

            var error = Record.Exception(() => SealBarcode.Read(bytes));
            Assert.True(error is null or Icao9303FormatException, error?.ToString());
        }
    }

    [Fact]
    public void RenderPng_NotASeal_FormatException()
    {
        var error = Assert.Throws<Icao9303FormatException>(() => SealBarcode.RenderPng([0x01, 0x02]));

        Assert.Equal("seal.format-unknown", error.Reason);
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static async Task<byte[]> RunAsync(string tool, params string[] arguments)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        Assert.SkipWhen(path is null, $"{tool} is not installed (scripts/infra installs dmtx-utils and zbar-tools)");
        var start = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await copy;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {error}");
        return output.ToArray();
    }
}
