using System.Security.Cryptography;
using Credentials.Icao9303.Lds;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.Lds;

public sealed class DataGroupTests
{
    /// <summary>
    /// The real data groups of the corpus (folder, set, file): EF.COM, DG1, DG2, DG14 and DG15 of States' and
    /// specimen documents. One theory, so that without the corpus it is one skip.
    /// </summary>
    public static IEnumerable<ITheoryDataRow> RealDataGroups() => IcaoVectors.Rows(new TheoryData<string, string, string>
    {
        { "sod", "jmrtd-bsi2008-mustermann", "EF.COM.bin" },
        { "sod", "jmrtd-loes2006-nl", "EF.COM.bin" },
        { "sod", "jmrtd-bsi2008-mustermann", "EF.DG1.bin" },
        { "sod", "jmrtd-loes2006-nl", "EF.DG1.bin" },
        { "sod", "pymrtd-etsi-eacaa", "EF.DG1.bin" },
        { "sod", "jmrtd-bsi2008-mustermann", "EF.DG2.bin" },
        { "sod", "jmrtd-loes2006-nl", "EF.DG2.bin" },
        { "lds-samples", "gmrtd", "EF.DG2_TestGenerateDocument.bin" },
        { "sod", "jmrtd-bsi2008-mustermann", "EF.DG14.bin" },
        { "sod", "pymrtd-etsi-eacaa", "EF.DG14.bin" },
        { "lds-samples", "gmrtd", "DE_EF.DG14.bin" },
        { "lds-samples", "gmrtd", "MY_EF.DG14.bin" },
        { "lds-samples", "gmrtd", "EF.DG14_TestNewDG14.bin" },
        { "sod", "jmrtd-loes2006-nl", "EF.DG15.bin" },
        { "sod", "zeropass-si-454CB206", "EF.DG15.bin" },
        { "lds-samples", "gmrtd", "EF.DG15_activeauth_test.bin" },
    });

    [Theory]
    [MemberData(nameof(RealDataGroups))]
    public void Decode_RealDataGroup_DecodesAndRoundTrips(string folder, string set, string file)
    {
        var bytes = TestVectors.Read(folder, set, file);
        var name = file[(file.IndexOf("EF.", StringComparison.Ordinal) + 3)..].Split('_', '.')[0];
        switch (name)
        {
            case "COM":
                RealEfCom_ListsDataGroups(bytes);
                break;
            case "DG1":
                RealDg1_ValidMrzAndRoundTrip(bytes);
                break;
            case "DG2":
                RealDg2_FaceWithImage(bytes);
                break;
            case "DG14":
                RealDg14_SecurityInfosRoundTrip(bytes);
                break;
            case "DG15":
                RealDg15_KeyLoadsAndRoundTrips(bytes);
                break;
            default:
                Assert.Fail($"{file}: not a data group this test knows");
                break;
        }
    }

    private static void RealDg2_FaceWithImage(byte[] bytes)
    {
        var dg2 = DataGroup2.Decode(bytes);
        var face = Assert.Single(dg2.Faces);
        Assert.True(face.ImageData.Length > 100);
        var span = face.ImageData.Span;
        var isJpeg = span[0] == 0xFF && span[1] == 0xD8;
        var isJpeg2000 = span[0] == 0x00 && span[1] == 0x00 && span[2] == 0x00 && span[3] == 0x0C || (span[0] == 0xFF && span[1] == 0x4F);
        // The gmrtd generated sample declares JPEG 2000 but carries a JPEG stream; only the image itself is asserted.
        Assert.True(isJpeg || isJpeg2000);
    }

    [Fact]
    public void Encode_Dg2_RoundTrips()
    {
        var image = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9 };
        var dg2 = new DataGroup2([new FaceImage { ImageData = image, ImageDataType = FaceImageDataType.Jpeg, Width = 480, Height = 640, Gender = 2 }]);
        var decoded = DataGroup2.Decode(dg2.Encode());
        var face = Assert.Single(decoded.Faces);
        Assert.Equal(image, face.ImageData.ToArray());
        Assert.Equal(480, face.Width);
        Assert.Equal(640, face.Height);
        Assert.Equal(2, face.Gender);
    }

    private static void RealDg14_SecurityInfosRoundTrip(byte[] bytes)
    {
        var dg14 = DataGroup14.Decode(bytes);
        Assert.NotEmpty(dg14.SecurityInfos.Infos);
        Assert.Contains(dg14.SecurityInfos.Infos, i => i.Kind is SecurityInfoKind.ChipAuthentication or SecurityInfoKind.ChipAuthenticationPublicKey or SecurityInfoKind.Pace or SecurityInfoKind.ActiveAuthentication);
        var again = DataGroup14.Decode(dg14.Encode());
        Assert.Equal(dg14.SecurityInfos.Infos.Select(i => i.Protocol).Order(), again.SecurityInfos.Infos.Select(i => i.Protocol).Order());
    }

    [Fact]
    public void Encode_Dg14WithEveryInfoKind_Decodes()
    {
        using var ca = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        var dg14 = new DataGroup14(new SecurityInfos(
        [
            SecurityInfos.CreateActiveAuthenticationInfo(Icao9303.Crypto.Oids.EcdsaPlainSha256),
            SecurityInfos.CreateChipAuthenticationInfo("0.4.0.127.0.7.2.2.3.2.4", 1, 1),
            SecurityInfos.CreateChipAuthenticationPublicKeyInfo("0.4.0.127.0.7.2.2.1.2", ca.ExportSubjectPublicKeyInfo(), 1),
            SecurityInfos.CreatePaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13),
        ]));
        var decoded = DataGroup14.Decode(dg14.Encode()).SecurityInfos;
        Assert.Equal(Icao9303.Crypto.Oids.EcdsaPlainSha256, decoded.ActiveAuthentication!.SignatureAlgorithm);
        Assert.Equal(13, decoded.Infos.Single(i => i.Kind == SecurityInfoKind.Pace).ParameterOrKeyId);
        Assert.Equal(ca.ExportSubjectPublicKeyInfo(), decoded.Infos.Single(i => i.Kind == SecurityInfoKind.ChipAuthenticationPublicKey).PublicKeyOrParameters!.Value.ToArray());
    }

    private static void RealDg15_KeyLoadsAndRoundTrips(byte[] bytes)
    {
        var dg15 = DataGroup15.Decode(bytes);
        Assert.Equal(bytes, dg15.Encode());
    }

    private static void RealDg1_ValidMrzAndRoundTrip(byte[] bytes)
    {
        var dg1 = DataGroup1.Decode(bytes);
        Assert.True(dg1.Mrz.IsValid);
        Assert.Equal(bytes, dg1.Encode());
    }

    private static void RealEfCom_ListsDataGroups(byte[] bytes)
    {
        var com = EfCom.Decode(bytes);
        Assert.Contains(1, com.DataGroups);
        Assert.Contains(2, com.DataGroups);
        Assert.Equal(4, com.LdsVersion.Length);
        Assert.Equal(EfCom.Decode(com.Encode()).DataGroups, com.DataGroups);
    }

    [Fact]
    public void Decode_Dg7WrittenByHand_HasImageAndRoundTrips()
    {
        // Doc 9303 Part 10 section 4.7.7, written here byte by byte rather than by our encoder:
        // 67 L { 02 01 01 (one image), 5F43 82 LL <image> }.
        var image = new byte[300];
        new Random(7).NextBytes(image);
        byte[] content = [0x02, 0x01, 0x01, 0x5F, 0x43, 0x82, (byte)(image.Length >> 8), (byte)image.Length, .. image];
        byte[] file = [0x67, 0x82, (byte)(content.Length >> 8), (byte)content.Length, .. content];

        var dg7 = DataGroup7.Decode(file);

        var decoded = Assert.Single(dg7.Images);
        Assert.True(decoded.Span.SequenceEqual(image));
        Assert.Equal(file, dg7.Encode());
        Assert.Equal(dg7.Images.Count, DataGroup7.Decode(dg7.Encode()).Images.Count);
    }

    [Fact]
    public void Encode_Dg11Dg12Dg16_RoundTrip()
    {
        var dg11 = new DataGroup11(new Dictionary<int, string> { [0x5F0E] = "ERIKSSON<<ANNA<MARIA", [0x5F2B] = "19740812", [0x5F11] = "ZENITH,UTOPIA", [0x5F13] = "ENGINEER" });
        var d11 = DataGroup11.Decode(dg11.Encode());
        Assert.Equal("ERIKSSON<<ANNA<MARIA", d11.FullName);
        Assert.Equal("19740812", d11.FullDateOfBirth);
        Assert.Equal("ZENITH,UTOPIA", d11.PlaceOfBirth);
        Assert.Equal(new byte[] { 0x6B }, dg11.Encode()[..1]);
        Assert.Equal(new byte[] { 0x5F, 0x0E }, dg11.Encode()[4..6]);

        var dg12 = new DataGroup12(new Dictionary<int, string> { [0x5F19] = "UTOPIA PASSPORT OFFICE", [0x5F26] = "20240101", [0x5F55] = "20240101120000" });
        var d12 = DataGroup12.Decode(dg12.Encode());
        Assert.Equal("UTOPIA PASSPORT OFFICE", d12.IssuingAuthority);
        Assert.Equal("20240101", d12.DateOfIssue);

        var dg16 = new DataGroup16([new PersonToNotify("20240101", "SMITH<<JOHN", "+1 555 0100", "1 MAIN ST")]);
        Assert.Equal("SMITH<<JOHN", DataGroup16.Decode(dg16.Encode()).Persons[0].Name);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x03, 0x5F, 0x1F, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x75, 0x84, 0x7F, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x6E, 0x02, 0x31, 0x00 })]
    [InlineData(new byte[] { 0x6F, 0x00 })]
    public void Decode_Malformed_ThrowsFormatExceptionOnly(byte[] data)
    {
        Assert.Throws<Icao9303FormatException>(() =>
        {
            _ = data[0] switch
            {
                0x61 => (object)DataGroup1.Decode(data),
                0x75 => DataGroup2.Decode(data),
                0x6E => DataGroup14.Decode(data),
                _ => DataGroup15.Decode(data),
            };
        });
    }

    [Fact]
    public void Decode_TruncatedDataGroups_OnlyFormatExceptions()
    {
        // Some DG1, DG2 (with a face image) and DG14 (every SecurityInfo kind), made here and cut at every length.
        using var ca = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        var image = new byte[600];
        new Random(9303).NextBytes(image);
        var files = new (byte[] Bytes, Func<byte[], object> Decode)[]
        {
            (new DataGroup1(MachineReadableZone.Parse("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<")).Encode(), b => DataGroup1.Decode(b)),
            (new DataGroup2([new FaceImage { ImageData = image, ImageDataType = FaceImageDataType.Jpeg, Width = 480, Height = 640, Gender = 2 }]).Encode(), b => DataGroup2.Decode(b)),
            (new DataGroup14(new SecurityInfos(
            [
                SecurityInfos.CreateActiveAuthenticationInfo(Icao9303.Crypto.Oids.EcdsaPlainSha256),
                SecurityInfos.CreateChipAuthenticationInfo("0.4.0.127.0.7.2.2.3.2.4", 1, 1),
                SecurityInfos.CreateChipAuthenticationPublicKeyInfo("0.4.0.127.0.7.2.2.1.2", ca.ExportSubjectPublicKeyInfo(), 1),
                SecurityInfos.CreatePaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13),
            ])).Encode(), b => DataGroup14.Decode(b)),
        };
        foreach (var (bytes, decode) in files)
        {
            _ = decode(bytes);
            for (var length = 0; length < bytes.Length; length++)
            {
                var truncated = bytes[..length];
                Assert.Throws<Icao9303FormatException>(() => decode(truncated));
            }
        }
    }

    [Fact]
    public void Create_Dg1FromGeneratedMrz_RoundTrips()
    {
        var mrz = MachineReadableZone.Parse("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<");
        var dg1 = new DataGroup1(mrz).Encode();
        Assert.Equal(mrz.Text, DataGroup1.Decode(dg1).Mrz.Text);
    }
}
