using System.Text;
using Credentials.Icao9303.Pkd;

namespace Credentials.Icao9303.Tests.Pkd;

public sealed class PkdLdifEntriesTests
{
    [Fact]
    public async Task DscAndCrl_RebuiltFromPayloads_MatchTheSampleRecords()
    {
        var path = Path.Combine(TestVectors.RequireRoot(), "ldif", "synthetic-pkd-dsc-crl-sample.ldif");
        var matched = 0;
        var differing = new List<string>();
        await using var reader = new LdifReader(File.OpenRead(path));
        await foreach (var entry in reader.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            LdifEntry rebuilt;
            if (entry.Kind == PkdEntryKind.Dsc)
            {
                rebuilt = PkdLdifEntries.Dsc(entry.Payload, entry.PkdVersion!.Value);
            }
            else if (entry.Kind == PkdEntryKind.Crl)
            {
                rebuilt = PkdLdifEntries.Crl(entry.Payload, entry.PkdVersion!.Value);
            }
            else
            {
                continue;
            }

            Assert.Equal(entry.Kind, rebuilt.Kind);
            Assert.Equal(entry.Country, rebuilt.Country);
            if (await WriteAsync(rebuilt) == await WriteAsync(entry))
            {
                matched++;
            }
            else
            {
                differing.Add(entry.Dn);
            }
        }

        // Byte-identical records, except that the sample spells serialNumber (2.5.4.5) as a dotted OID in DSC names
        // while we (and the sample's Master List record) write "serialNumber".
        Assert.Equal(21, matched);
        Assert.Equal(3, differing.Count);
        Assert.All(differing, dn => Assert.Contains("2.5.4.5\\=", dn, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MasterList_SignedList_RecordReadsBackAsMasterList()
    {
        using var state = new TestPkdLdif("UT");
        var bytes = state.MasterList(2);

        var entry = PkdLdifEntries.MasterList(bytes, 7);
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(await WriteAsync(entry)));
        await using var reader = new LdifReader(stream);
        var back = await reader.ReadEntryAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(back);
        Assert.Equal(PkdEntryKind.MasterList, back.Kind);
        Assert.Equal("UT", back.Country);
        Assert.Equal(7, back.PkdVersion);
        Assert.True(back.Payload.Span.SequenceEqual(bytes));
        // The entry is named after the Master List Signer (PKD LDIF layout: cn=<signer DN>,o=ml,c=<State>).
        Assert.Contains("Utopia Master List Signer", back.Dn, StringComparison.Ordinal);
        Assert.Contains(",o=ml,c=UT,", back.Dn, StringComparison.Ordinal);
    }

    [Fact]
    public void Structure_NonConformantBranch_UsesNcData()
    {
        var entries = PkdLdifEntries.Structure("XX", "dsc", nonConformant: true);

        Assert.Equal("o=dsc,c=XX,dc=nc-data,dc=download,dc=pkd,dc=icao,dc=int", entries[^1].Dn);
    }

    private static async Task<string> WriteAsync(LdifEntry entry)
    {
        using var output = new MemoryStream();
        await using (var writer = new LdifWriter(output, leaveOpen: true))
        {
            await writer.WriteEntryAsync(entry, TestContext.Current.CancellationToken);
        }

        return Encoding.ASCII.GetString(output.ToArray());
    }
}
