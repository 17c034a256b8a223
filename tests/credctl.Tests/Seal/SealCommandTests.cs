using System.Text;
using Credentials.Icao9303.Tests.Vds;
using credctl.Tests.Icao;

namespace credctl.Tests.Seal;

/// <summary><c>credctl seal dump|verify</c> run as a process over public seals written to a temporary folder.</summary>
public sealed class SealCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("credctl-seal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SealDump_TsengerVisa_PrintsHeaderAndProfile()
    {
        var file = Write("visa.vds", PublicSeals.Bytes(PublicSeals.Visa224BitSignature));

        var (code, json) = await CredctlProcess.RunJsonAsync("seal", "dump", file, "--json");

        Assert.Equal(0, code);
        Assert.Equal("VDS", json.GetProperty("format").GetString());
        Assert.Equal("UTO", json.GetProperty("issuingCountry").GetString());
        Assert.Equal("DETS", json.GetProperty("signerIdentifier").GetString());
        Assert.Equal("32", json.GetProperty("certificateReference").GetString());
        Assert.Equal("visa", json.GetProperty("profile").GetString());
        Assert.Equal("passport-number", json.GetProperty("features")[2].GetProperty("name").GetString());
    }

    [Fact]
    public async Task SealDump_TruncatedSeal_ExitOneWithReason()
    {
        var file = Write("bad.vds", PublicSeals.Bytes(PublicSeals.Visa224BitSignature)[..20]);

        var (code, json) = await CredctlProcess.RunJsonAsync("seal", "dump", file, "--json");

        Assert.Equal(1, code);
        Assert.Equal("vds.truncated", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task SealVerify_AustralianVdsNcWithCscaAndCrl_ExitZeroValidWithWarnings()
    {
        var seal = Write("au.json", Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination()));
        var csca = Write("au-csca.der", PublicVdsNcSeals.Csca());
        var crl = Write("au.crl", PublicVdsNcSeals.Crl());

        var (code, json) = await CredctlProcess.RunJsonAsync("seal", "verify", "--seal", seal, "--csca", csca, "--crl", crl, "--at", "2021-11-01T00:00:00Z", "--json");

        Assert.Equal(0, code);
        Assert.Equal("VALID_WITH_WARNINGS", json.GetProperty("verdict").GetString());
        Assert.Contains("CN=DFAT", json.GetProperty("dsc").GetProperty("subject").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealVerify_AlteredVdsNc_ExitOneInvalidSignature()
    {
        var seal = Write("au-altered.json", Encoding.UTF8.GetBytes(PublicVdsNcSeals.VaccinationAltered()));
        var csca = Write("au-csca.der", PublicVdsNcSeals.Csca());

        var (code, output, _) = await CredctlProcess.RunAsync("seal", "verify", "--seal", seal, "--csca", csca, "--at", "2021-11-01T00:00:00Z");

        Assert.Equal(1, code);
        Assert.Contains("verdict: INVALID", output, StringComparison.Ordinal);
        Assert.Contains("seal.signature-invalid", output, StringComparison.Ordinal);
        Assert.Contains("seal signer: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealRender_AustralianVdsNc_PngVerifiesAsTheSeal()
    {
        var seal = Write("au.json", Encoding.UTF8.GetBytes(PublicVdsNcSeals.Vaccination()));
        var png = Path.Combine(_folder, "au.png");
        var csca = Write("au-csca.der", PublicVdsNcSeals.Csca());
        var crl = Write("au.crl", PublicVdsNcSeals.Crl());

        var (renderCode, renderOutput, _) = await CredctlProcess.RunAsync("seal", "render", "--seal", seal, "--out", png, "--module-size", "3");
        var (code, json) = await CredctlProcess.RunJsonAsync("seal", "verify", "--seal", png, "--csca", csca, "--crl", crl, "--at", "2021-11-01T00:00:00Z", "--json");

        Assert.Equal(0, renderCode);
        Assert.Contains("QR code", renderOutput, StringComparison.Ordinal);
        Assert.Equal(0, code);
        Assert.Equal("VALID_WITH_WARNINGS", json.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task SealDump_DataMatrixPicture_ReadsTheVds()
    {
        var seal = Write("etd.vds", PublicSeals.Bytes(PublicSeals.EmergencyTravelDocument));
        var png = Path.Combine(_folder, "etd.png");

        var (renderCode, _, _) = await CredctlProcess.RunAsync("seal", "render", "--seal", seal, "--out", png);
        var (code, json) = await CredctlProcess.RunJsonAsync("seal", "dump", png, "--json");

        Assert.Equal(0, renderCode);
        Assert.Equal(0, code);
        Assert.Equal("emergency-travel-document", json.GetProperty("profile").GetString());
    }

    [Fact]
    public async Task SealDump_VdstoolsResidenceIdb_PrintsHeaderAndMessages()
    {
        var file = Write("residence.idb", Encoding.ASCII.GetBytes(PublicIdbBarcodes.CertifyingPermanentResidence + "\n"));

        var (code, json) = await CredctlProcess.RunJsonAsync("seal", "dump", file, "--json");

        Assert.Equal(0, code);
        Assert.Equal("IDB", json.GetProperty("format").GetString());
        Assert.Equal("RDB1", json.GetProperty("barcodeIdentifier").GetString());
        Assert.Equal("D<<", json.GetProperty("countryIdentifier").GetString());
        Assert.Equal("A57A790577", json.GetProperty("certificateReference").GetString());
        Assert.Equal("2025-02-11", json.GetProperty("signatureCreationDate").GetString());
        Assert.Equal("AZR", json.GetProperty("messages")[1].GetProperty("name").GetString());
        Assert.Equal("ABC123456DEF", json.GetProperty("messages")[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task SealVerify_IdbWithEmbeddedSignerCscaAndCrl_ExitZeroValid()
    {
        using var pki = new SealTestPki();
        var seal = Write("seal.idb", IdbTestSeals.Signed(pki.SealSignerKey, pki.SealSigner, embed: true, compress: true).EncodeBytes());
        var csca = Write("csca.der", pki.Csca.RawData);
        var crl = Write("csca.crl", pki.Crl());

        var (code, json) = await CredctlProcess.RunJsonAsync("seal", "verify", "--seal", seal, "--csca", csca, "--crl", crl, "--at", "2026-12-06T12:00:00Z", "--json");

        Assert.Equal(0, code);
        Assert.Equal("VALID", json.GetProperty("verdict").GetString());
        Assert.Contains("CN=UTSS", json.GetProperty("dsc").GetProperty("subject").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealVerify_IdbSignedByDocumentSigner_ExitOneRole()
    {
        using var pki = new SealTestPki();
        var seal = Write("dsc.idb", IdbTestSeals.Signed(pki.DocumentSignerKey, pki.DocumentSigner).EncodeBytes());
        var signer = Write("dsc.der", pki.DocumentSigner.RawData);
        var csca = Write("csca.der", pki.Csca.RawData);

        var (code, output, _) = await CredctlProcess.RunAsync("seal", "verify", "--seal", seal, "--signer", signer, "--csca", csca, "--at", "2026-12-06T12:00:00Z");

        Assert.Equal(1, code);
        Assert.Contains("verdict: INVALID", output, StringComparison.Ordinal);
        Assert.Contains("role.document-type-other-role", output, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
