using System.Text;
using Credentials.Ledger.Application;

namespace Credentials.Ledger.Tests;

public sealed class CheckpointDocumentTests
{
    private static readonly byte[] Hash = Convert.FromHexString("365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370");

    [Fact]
    public void ToPayload_FixedInput_IsTheDocumentedText()
    {
        var document = new CheckpointDocument(42, Hash, new DateTimeOffset(2026, 11, 23, 12, 30, 1, 123, TimeSpan.Zero).AddTicks(4560), "ledger-checkpoint");

        var text = Encoding.ASCII.GetString(document.ToPayload());

        Assert.Equal(
            "credentials-ledger-checkpoint v1\nsequence 42\nentry-hash 365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370\n"
            + "signed-at 2026-11-23T12:30:01.123456Z\nkey-label ledger-checkpoint\n",
            text);
    }

    [Fact]
    public void TryParse_RoundTrip_GivesTheSameFields()
    {
        var document = new CheckpointDocument(7, Hash, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "k");

        var parsed = CheckpointDocument.TryParse(document.ToPayload());

        Assert.NotNull(parsed);
        Assert.Equal(7, parsed.Sequence);
        Assert.Equal(Hash, parsed.EntryHash);
        Assert.Equal(document.SignedAt, parsed.SignedAt);
        Assert.Equal("k", parsed.KeyLabel);
    }

    [Theory]
    [InlineData("credentials-ledger-checkpoint v1\nsequence 07\nentry-hash 365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370\nsigned-at 2026-11-23T12:30:01.123456Z\nkey-label k\n")]
    [InlineData("credentials-ledger-checkpoint v1\nsequence 7\nentry-hash 365AA7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370\nsigned-at 2026-11-23T12:30:01.123456Z\nkey-label k\n")]
    [InlineData("credentials-ledger-checkpoint v1\nsequence 7\nentry-hash 365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370\nsigned-at 2026-11-23T12:30:01Z\nkey-label k\n")]
    [InlineData("credentials-ledger-checkpoint v1\nsequence 7\nentry-hash 365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370\nsigned-at 2026-11-23T12:30:01.123456Z\nkey-label k\nextra\n")]
    [InlineData("credentials-ledger-checkpoint v1\nsequence 7\nentry-hash 365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370\nsigned-at 2026-11-23T12:30:01.123456Z\nkey-label k")]
    [InlineData("credentials-ledger-checkpoint v2\nsequence 7\nentry-hash 365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370\nsigned-at 2026-11-23T12:30:01.123456Z\nkey-label k\n")]
    public void TryParse_NonCanonicalPayload_ReturnsNull(string payload)
    {
        Assert.Null(CheckpointDocument.TryParse(Encoding.ASCII.GetBytes(payload)));
    }

    [Fact]
    public void ToArchive_AppendsBase64SignatureLine()
    {
        var payload = "p\n"u8.ToArray();

        var archive = CheckpointDocument.ToArchive(payload, [1, 2, 3]);

        Assert.Equal("p\nsignature AQID\n", Encoding.ASCII.GetString(archive));
    }
}
