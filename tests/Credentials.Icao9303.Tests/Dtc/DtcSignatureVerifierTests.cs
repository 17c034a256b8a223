using Credentials.Icao9303.Dtc;

namespace Credentials.Icao9303.Tests.Dtc;

public sealed class DtcSignatureVerifierTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_UnchangedSignedDtc_DigestMatchesAndSignatureValid(bool withSod)
    {
        var dtc = DtcContentInfo.Decode(DtcSamples.Signed(withSod).Encode());

        var outcome = DtcSignatureVerifier.Verify(dtc);

        Assert.True(outcome.DataDigestMatches);
        Assert.True(outcome.SignatureValid);
        Assert.Null(outcome.Problem);
        Assert.True(outcome.SignerRole!.Value.IsAllowed);
    }

    [Fact]
    public void Verify_OneDataGroupByteChanged_DigestMismatchSignatureStillValid()
    {
        var signed = DtcSamples.Signed(withSod: false);
        var groups = signed.Data.DataGroups.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        groups[2][200] ^= 0x01;
        var tampered = new DtcContentInfo(new DtcData(null, groups), signed.Tbs, signed.SignerInfo);

        var outcome = DtcSignatureVerifier.Verify(DtcContentInfo.Decode(tampered.Encode()));

        Assert.False(outcome.DataDigestMatches);
        Assert.True(outcome.SignatureValid);
    }

    [Fact]
    public void Verify_OneTbsByteChanged_SignatureInvalid()
    {
        var signed = DtcSamples.Signed(withSod: true);
        var der = signed.Encode();
        // The physical-component identifier 01 02 03 04 is an opaque dtcTBS value: flipping one of its bytes keeps the DER valid.
        var index = der.AsSpan().IndexOf(new byte[] { 0x04, 0x04, 0x01, 0x02, 0x03, 0x04 });
        Assert.True(index > 0);
        der[index + 2] ^= 0x80;

        var outcome = DtcSignatureVerifier.Verify(DtcContentInfo.Decode(der));

        Assert.True(outcome.DataDigestMatches);
        Assert.False(outcome.SignatureValid);
        Assert.Null(outcome.Problem);
    }

    [Fact]
    public void Verify_UnsupportedSignatureAlgorithm_ProblemNamed()
    {
        var signed = DtcSamples.Signed(withSod: false);
        var unknownAlgorithm = new byte[] { 0x30, 0x05, 0x06, 0x03, 0x2A, 0x03, 0x04 };
        var dtc = new DtcContentInfo(signed.Data, signed.Tbs, new DtcSignerInfo(signed.SignerInfo!.SignerCertificate, unknownAlgorithm, signed.SignerInfo.Signature));

        var outcome = DtcSignatureVerifier.Verify(dtc);

        Assert.False(outcome.SignatureValid);
        Assert.Contains("unsupported", outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_EmrtdBound_Throws()
    {
        Assert.Throws<ArgumentException>(() => DtcSignatureVerifier.Verify(DtcSamples.EmrtdBound()));
    }

    [Fact]
    public void ForData_EmptyPhysicalComponentIdentifier_Throws()
    {
        var data = new DtcData(null, DtcSamples.DataGroups(1, 2));
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Throws<ArgumentException>(() => DtcTbsValues.ForData(data, from, from.AddDays(1), ReadOnlyMemory<byte>.Empty));
        Assert.Null(DtcTbsValues.ForData(data, from, from.AddDays(1), null).Find(DtcTbsValueType.PhysicalComponentIdentifier));
    }
}
