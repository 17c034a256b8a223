using Credentials.Contracts.Common.V1;
using Credentials.Pkd.Infrastructure;
using Google.Protobuf;

namespace Credentials.Pkd.Tests;

public sealed class PkdEventWriterTests
{
    [Fact]
    public void Batch_EmptyDelta_WritesNothing()
    {
        Assert.Empty(PkdEventWriter.Batch("s", "r", [], [], [], 16 * 1024));
    }

    [Fact]
    public void Batch_LargeDelta_SplitsBelowLimitAndNumbersBatches()
    {
        var added = Enumerable.Range(0, 40).Select(i => new Certificate { FingerprintSha256 = i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), Der = ByteString.CopyFrom(new byte[1500]) }).ToList();
        var removed = Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), 64)).ToList();
        var crls = new List<Crl> { new() { Der = ByteString.CopyFrom(new byte[3000]) } };

        var batches = PkdEventWriter.Batch("de-ml", "run-1", added, removed, crls, 16 * 1024);

        Assert.True(batches.Count > 1);
        Assert.All(batches, b => Assert.True(b.CalculateSize() < 20 * 1024));
        Assert.Equal(Enumerable.Range(0, batches.Count), batches.Select(b => b.BatchIndex));
        Assert.All(batches, b => Assert.Equal(batches.Count, b.BatchCount));
        Assert.All(batches, b => Assert.Equal("de-ml", b.SourceId));
        Assert.Equal(40, batches.Sum(b => b.AddedCertificates.Count));
        Assert.Equal(5, batches.Sum(b => b.RemovedCertificateFingerprints.Count));
        Assert.Single(batches.SelectMany(b => b.UpdatedCrls));
    }
}
