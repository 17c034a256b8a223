using System.Text;
using Credentials.Icao9303.Pkd;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.Pkd;

public sealed class LdifReaderWriterTests
{
    public static IEnumerable<ITheoryDataRow> ReadThenWrite_RealPkdLayoutFile_RoundTripsByteForByteRows() => IcaoVectors.Rows(new TheoryData<string>
    {
        "synthetic-pkd-dsc-crl-sample.ldif",
        "synthetic-pkd-ml-sample.ldif",
    });

    /// <summary>
    /// Each PKD-layout file of the corpus is read entry by entry and written again byte for byte; the entries' kinds,
    /// countries, pkdVersions and payloads are those of the corpus' own DSC, CRL and Master List files.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReadThenWrite_RealPkdLayoutFile_RoundTripsByteForByteRows))]
    public async Task ReadThenWrite_RealPkdLayoutFile_RoundTripsByteForByte(string file)
    {
        var root = TestVectors.RequireRoot();
        var path = Path.Combine(root, "ldif", file);
        var original = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        var entries = new List<LdifEntry>();

        using var output = new MemoryStream();
        await using (var reader = new LdifReader(File.OpenRead(path)))
        await using (var writer = new LdifWriter(output, leaveOpen: true))
        {
            var first = true;
            await foreach (var entry in reader.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                if (first && reader.Version == 1)
                {
                    await writer.WriteVersionAsync(TestContext.Current.CancellationToken);
                }

                first = false;
                entries.Add(entry);
                await writer.WriteEntryAsync(entry, TestContext.Current.CancellationToken);
            }
        }

        Assert.Equal(original.Length, output.Length);
        Assert.True(original.AsSpan().SequenceEqual(output.ToArray()), "written LDIF differs from the original");
        Assert.All(entries.Where(e => e.Kind != PkdEntryKind.Other), e => Assert.NotNull(e.PkdVersion));
        if (file.Contains("-ml-", StringComparison.Ordinal))
        {
            var ml = Assert.Single(entries, e => e.Kind == PkdEntryKind.MasterList);
            Assert.Equal("NL", ml.Country);
            Assert.Equal(1025, ml.PkdVersion);
            AssertPayload(ml, root, "master-lists", "NL_MASTERLIST_20211207.mls");
            return;
        }

        Assert.Equal(14, entries.Count(e => e.Kind == PkdEntryKind.Dsc));
        Assert.Equal(10, entries.Count(e => e.Kind == PkdEntryKind.Crl));
        AssertPayload(entries.Single(e => e.Kind == PkdEntryKind.Crl && e.Country == "CO"), root, "crl", "zienit", "COL.crl");
        AssertPayload(entries.Single(e => e.Kind == PkdEntryKind.Dsc && e.Country == "AT"), root, "dsc", "from-sod", "gmrtd-pa-AT_DSC.cer");
    }

    [Fact]
    public async Task ReadAll_PkdFileOfTwoStates_KindsCountriesVersionsAndPayloads()
    {
        // Some PKD download: DSCs and CRLs of two States and a Master List, made at test time.
        using var utopia = new TestPkdLdif("UT");
        using var other = new TestPkdLdif("ZZ");
        var dscs = new[] { utopia.Dsc(1), utopia.Dsc(2), other.Dsc(3) };
        var crls = new[] { utopia.Crl(4), other.Crl(5) };
        var masterList = utopia.MasterList(2);
        var bytes = await TestPkdLdif.WriteAsync(
            [
                PkdLdifEntries.Dsc(dscs[0], 11), PkdLdifEntries.Dsc(dscs[1], 12), PkdLdifEntries.Dsc(dscs[2], 13),
                PkdLdifEntries.Crl(crls[0], 14), PkdLdifEntries.Crl(crls[1], 15), PkdLdifEntries.MasterList(masterList, 16),
            ],
            TestContext.Current.CancellationToken);

        var entries = await ReadAllAsync(new MemoryStream(bytes));

        Assert.Equal([11L, 12L, 13L, 14L, 15L, 16L], entries.Select(e => e.PkdVersion ?? 0L));
        Assert.Equal(dscs, entries.Where(e => e.Kind == PkdEntryKind.Dsc).Select(e => e.Payload.ToArray()));
        Assert.Equal(crls, entries.Where(e => e.Kind == PkdEntryKind.Crl).Select(e => e.Payload.ToArray()));
        Assert.Equal(["UT", "UT", "ZZ", "UT", "ZZ", "UT"], entries.Select(e => e.Country));
        Assert.Equal(masterList, Assert.Single(entries, e => e.Kind == PkdEntryKind.MasterList).Payload.ToArray());
    }

    [Fact]
    public async Task ReadEntry_FoldedCommentedCrlfBase64_DecodesValues()
    {
        const string text =
            "version: 1\r\n" +
            "# a comment that is\r\n" +
            "  folded over two lines\r\n" +
            "\r\n" +
            "dn: cn=CN\\=Test DS\\,C\\=XX+sn=01,o=dsc,c=XX,dc=nc-\r\n" +
            " data,dc=download,dc=pkd,dc=icao,dc=int\r\n" +
            "pkdVersion: 7\r\n" +
            "description:: aMOpbGxv\r\n" +
            "userCertificate;binary:: MAMCAQ\r\n" +
            " U=\r\n";
        await using var reader = new LdifReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        var entry = await reader.ReadEntryAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(entry);
        Assert.Equal(1, reader.Version);
        Assert.Equal("cn=CN\\=Test DS\\,C\\=XX+sn=01,o=dsc,c=XX,dc=nc-data,dc=download,dc=pkd,dc=icao,dc=int", entry.Dn);
        Assert.Equal(PkdEntryKind.NonConformantDsc, entry.Kind);
        Assert.Equal("XX", entry.Country);
        Assert.Equal(7, entry.PkdVersion);
        Assert.Equal("héllo", entry.Find("description")!.Text);
        Assert.Equal(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x05 }, entry.Payload.ToArray());
        Assert.Null(await reader.ReadEntryAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAll_TruncatedPkdFile_FailsWithTruncationReason()
    {
        // Some PKD download (DSCs and a CRL of one State, made at test time), cut inside its records.
        using var state = new TestPkdLdif("UT");
        var bytes = await TestPkdLdif.WriteAsync(
            [PkdLdifEntries.Dsc(state.Dsc(1), 1), PkdLdifEntries.Dsc(state.Dsc(2), 2), PkdLdifEntries.Crl(state.Crl(3), 3)],
            TestContext.Current.CancellationToken);

        foreach (var cut in new[] { bytes.Length / 3, bytes.Length / 2, bytes.Length - 10 })
        {
            var ex = await Assert.ThrowsAsync<Icao9303FormatException>(() => ReadAllAsync(new MemoryStream(bytes, 0, cut)));
            Assert.StartsWith("ldif.truncated", ex.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadAll_ValueCutAtLineBoundary_FailsWithTruncatedValue()
    {
        // A base64 value that is complete base64 but a cut DER element (the file was cut at a line end).
        const string text = "dn: cn=x,o=crl,c=XX\ncertificateRevocationList;binary:: MIIBAAIBAQ==\n";
        var ex = await Assert.ThrowsAsync<Icao9303FormatException>(() => ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes(text))));
        Assert.Equal("ldif.truncated-value", ex.Reason);
    }

    [Fact]
    public async Task ReadEntry_RecordLargerThanLimit_FailsWithoutBufferingTheFile()
    {
        var value = Convert.ToBase64String(new byte[4096]);
        var text = $"dn: cn=x\nnote:: {value}\n";
        var options = new LdifReaderOptions { MaxEntryBytes = 1024 };
        await using var reader = new LdifReader(new MemoryStream(Encoding.ASCII.GetBytes(text)), options);

        var ex = await Assert.ThrowsAsync<Icao9303FormatException>(async () => await reader.ReadEntryAsync(TestContext.Current.CancellationToken));
        Assert.Equal("ldif.entry-too-large", ex.Reason);
    }

    [Theory]
    [InlineData("dn: cn=x\nchangetype: add\n", "ldif.change-record-unsupported")]
    [InlineData("cn: x\n", "ldif.missing-dn")]
    [InlineData(" dn: cn=x\n", "ldif.unexpected-continuation")]
    [InlineData("dn: cn=x\nphoto:< file:///etc/passwd\n", "ldif.url-value-unsupported")]
    [InlineData("dn: cn=x\nnote:: ####\n", "ldif.invalid-base64")]
    [InlineData("version: 2\n\ndn: cn=x\n", "ldif.unsupported-version")]
    public async Task ReadEntry_MalformedInput_FailsWithReason(string text, string reason)
    {
        var ex = await Assert.ThrowsAsync<Icao9303FormatException>(() => ReadAllAsync(new MemoryStream(Encoding.ASCII.GetBytes(text))));
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public async Task WriteEntry_NewAttributes_ChoosesBase64AndFoldsAt76()
    {
        var entry = new LdifEntry("cn=Test,o=dsc,c=XX,dc=data,dc=download,dc=pkd,dc=icao,dc=int", new[]
        {
            LdifAttribute.Create("pkdVersion", "1"),
            LdifAttribute.Create("description", " leading space"),
            LdifAttribute.Create("userCertificate;binary", OctetString(100)),
        });
        using var output = new MemoryStream();
        await using (var writer = new LdifWriter(output, leaveOpen: true))
        {
            await writer.WriteVersionAsync(TestContext.Current.CancellationToken);
            await writer.WriteEntryAsync(entry, TestContext.Current.CancellationToken);
        }

        var lines = Encoding.ASCII.GetString(output.ToArray()).Split('\n');
        Assert.Equal("version: 1", lines[0]);
        Assert.Equal(string.Empty, lines[1]);
        Assert.Contains("description:: IGxlYWRpbmcgc3BhY2U=", lines);
        Assert.All(lines, l => Assert.True(l.Length <= 76));

        output.Position = 0;
        var back = Assert.Single(await ReadAllAsync(output));
        Assert.Equal(" leading space", back.Find("description")!.Text);
        Assert.Equal(OctetString(100), back.Payload.ToArray());
    }

    private static byte[] OctetString(int length)
    {
        var der = new byte[length + 2];
        der[0] = 0x04;
        der[1] = (byte)length;
        return der;
    }

    private static void AssertPayload(LdifEntry entry, string root, params string[] file) =>
        Assert.True(entry.Payload.Span.SequenceEqual(File.ReadAllBytes(Path.Combine([root, .. file]))), $"{entry.Dn}: payload is not {string.Join('/', file)}");

    private static async Task<List<LdifEntry>> ReadAllAsync(Stream stream)
    {
        var list = new List<LdifEntry>();
        await using var reader = new LdifReader(stream);
        await foreach (var entry in reader.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            list.Add(entry);
        }

        return list;
    }
}
