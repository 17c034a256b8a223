using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>
/// The authenticator caches per Document Signer certificate (decoded certificate, key, chain): the cache must be keyed
/// by the certificate's full content and must never share memory with the caller's buffers.
/// </summary>
public sealed class SignerCacheTests
{
    [Theory]
    [InlineData("gmrtd-pa-FR")]
    [InlineData("gmrtd-pa-DE")]
    [InlineData("gmrtd-pa-US")]
    public void Verify_EmbeddedDscChangedAfterCaching_IsNotServedFromCache(string set)
    {
        var (sod, dsc, offset) = Load(set);
        using var store = PaFixture.TrustStore(set);
        using var authenticator = new PassiveAuthenticator(store);
        Assert.Equal(CheckStatus.Pass, authenticator.Verify(Request(set, sod)).Find("chain.csca")!.Status);

        // The same SOD with one byte of the embedded DSC's signature changed: a different certificate, so a new chain
        // that the CSCA does not verify.
        var changed = (byte[])sod.Clone();
        changed[offset + dsc.Length - 1] ^= 0x01;
        var result = authenticator.Verify(Request(set, changed));
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("chain.signature-invalid", result.Find("chain.csca")!.Reason);

        // And the original still verifies from the cache.
        Assert.Equal(CheckStatus.Pass, authenticator.Verify(Request(set, sod)).Find("chain.csca")!.Status);
    }

    [Theory]
    [InlineData("gmrtd-pa-FR")]
    [InlineData("gmrtd-pa-AT")]
    public void Verify_CallerBufferOverwrittenAfterCall_CachedCertificateUnchanged(string set)
    {
        var (sod, dsc, offset) = Load(set);
        using var store = PaFixture.TrustStore(set);
        using var authenticator = new PassiveAuthenticator(store);
        var first = (byte[])sod.Clone();
        var before = authenticator.Verify(Request(set, first));

        // The caller reuses its buffer: every byte of the DSC in it is overwritten.
        first.AsSpan(offset, dsc.Length).Fill(0xA5);
        var after = authenticator.Verify(Request(set, (byte[])sod.Clone()));

        Assert.Equal(before.Verdict, after.Verdict);
        Assert.Equal(dsc, after.DocumentSigner!.Encoded.ToArray());
        Assert.Equal(before.DocumentSigner!.SubjectName, after.DocumentSigner.SubjectName);
        Assert.Equal(CheckStatus.Pass, after.Find("sod.signature")!.Status);
    }

    [Fact]
    public void Verify_SuppliedDscWithOneByteChanged_IsNotServedFromCache()
    {
        const string set = "gmrtd-pa-FR";
        var (sod, dsc, _) = Load(set);
        using var store = PaFixture.TrustStore(set);
        using var authenticator = new PassiveAuthenticator(store);
        var supplied = Request(set, sod) with { DocumentSignerCertificate = dsc };
        Assert.Equal(CheckStatus.Pass, authenticator.Verify(supplied).Find("chain.csca")!.Status);

        var changed = (byte[])dsc.Clone();
        changed[^1] ^= 0x01;
        var result = authenticator.Verify(supplied with { DocumentSignerCertificate = changed });
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("chain.signature-invalid", result.Find("chain.csca")!.Reason);
    }

    [Fact]
    public void Verify_ManyCallsOneSigner_SameChecksEveryCall()
    {
        const string set = "gmrtd-pa-DE";
        var (sod, _, _) = Load(set);
        using var store = PaFixture.TrustStore(set);
        using var authenticator = new PassiveAuthenticator(store);
        var first = authenticator.Verify(Request(set, sod));
        for (var i = 0; i < 20; i++)
        {
            var again = authenticator.Verify(Request(set, (byte[])sod.Clone()));
            Assert.Equal(first.Verdict, again.Verdict);
            Assert.Equal(first.Checks, again.Checks);
        }
    }

    private static (byte[] Sod, byte[] Dsc, int Offset) Load(string set)
    {
        var sod = TestVectors.Read("sod", set, "EF.SOD.bin");
        var dsc = TestVectors.Read("sod", set, "DSC.cer");
        var offset = sod.AsSpan().IndexOf(dsc);
        Assert.True(offset > 0, "the set's DSC is embedded in its SOD");
        return (sod, dsc, offset);
    }

    private static PassiveAuthenticationRequest Request(string set, byte[] sod)
    {
        var listed = Icao9303.Sod.EfSod.Decode(sod).SecurityObject.DataGroupHashes.Select(h => h.DataGroupNumber);
        return new PassiveAuthenticationRequest
        {
            EfSod = sod,
            DataGroups = PaFixture.ListedDataGroups(set, listed),
            ValidationTime = PaFixture.InsideDscValidity(set),
        };
    }
}
