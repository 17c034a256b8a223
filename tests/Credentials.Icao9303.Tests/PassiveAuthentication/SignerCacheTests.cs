using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>
/// The authenticator caches per Document Signer certificate (decoded certificate, key, chain): the cache must be keyed
/// by the certificate's full content and must never share memory with the caller's buffers. Passports made at test time
/// (<see cref="TestPassport"/>), one per key family: the cache is the same whatever State issued the document.
/// </summary>
public sealed class SignerCacheTests
{
    [Theory]
    [InlineData(TestPassportKey.EcP256)]
    [InlineData(TestPassportKey.EcBrainpoolP384)]
    [InlineData(TestPassportKey.RsaPkcs1)]
    [InlineData(TestPassportKey.RsaPss)]
    public void Verify_EmbeddedDscChangedAfterCaching_IsNotServedFromCache(TestPassportKey key)
    {
        using var passport = TestPassport.Create(key);
        using var store = passport.TrustStore();
        using var authenticator = new PassiveAuthenticator(store);
        Assert.Equal(CheckStatus.Pass, authenticator.Verify(passport.Request()).Find("chain.csca")!.Status);

        // The same SOD with one byte of the embedded DSC's signature changed: a different certificate, so a new chain
        // that the CSCA does not verify.
        var changed = (byte[])passport.Sod.Clone();
        changed[passport.DscOffset + passport.Dsc.Length - 1] ^= 0x01;
        var result = authenticator.Verify(passport.Request(changed));
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("chain.signature-invalid", result.Find("chain.csca")!.Reason);

        // And the original still verifies from the cache.
        Assert.Equal(CheckStatus.Pass, authenticator.Verify(passport.Request()).Find("chain.csca")!.Status);
    }

    [Theory]
    [InlineData(TestPassportKey.EcP256)]
    [InlineData(TestPassportKey.RsaPss)]
    public void Verify_CallerBufferOverwrittenAfterCall_CachedCertificateUnchanged(TestPassportKey key)
    {
        using var passport = TestPassport.Create(key);
        using var store = passport.TrustStore();
        using var authenticator = new PassiveAuthenticator(store);
        var first = (byte[])passport.Sod.Clone();
        var before = authenticator.Verify(passport.Request(first));

        // The caller reuses its buffer: every byte of the DSC in it is overwritten.
        first.AsSpan(passport.DscOffset, passport.Dsc.Length).Fill(0xA5);
        var after = authenticator.Verify(passport.Request((byte[])passport.Sod.Clone()));

        Assert.Equal(before.Verdict, after.Verdict);
        Assert.Equal(passport.Dsc, after.DocumentSigner!.Encoded.ToArray());
        Assert.Equal(before.DocumentSigner!.SubjectName, after.DocumentSigner.SubjectName);
        Assert.Equal(CheckStatus.Pass, after.Find("sod.signature")!.Status);
    }

    [Fact]
    public void Verify_SuppliedDscWithOneByteChanged_IsNotServedFromCache()
    {
        using var passport = TestPassport.Create(TestPassportKey.RsaPkcs1);
        using var store = passport.TrustStore();
        using var authenticator = new PassiveAuthenticator(store);
        var supplied = passport.Request() with { DocumentSignerCertificate = passport.Dsc };
        Assert.Equal(CheckStatus.Pass, authenticator.Verify(supplied).Find("chain.csca")!.Status);

        var changed = (byte[])passport.Dsc.Clone();
        changed[^1] ^= 0x01;
        var result = authenticator.Verify(supplied with { DocumentSignerCertificate = changed });
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, result.Verdict);
        Assert.Equal("chain.signature-invalid", result.Find("chain.csca")!.Reason);
    }

    [Fact]
    public void Verify_ManyCallsOneSigner_SameChecksEveryCall()
    {
        using var passport = TestPassport.Create(TestPassportKey.EcBrainpoolP384);
        using var store = passport.TrustStore();
        using var authenticator = new PassiveAuthenticator(store);
        var first = authenticator.Verify(passport.Request());
        Assert.Equal(CheckStatus.Pass, first.Find("sod.signature")!.Status);
        for (var i = 0; i < 20; i++)
        {
            var again = authenticator.Verify(passport.Request((byte[])passport.Sod.Clone()));
            Assert.Equal(first.Verdict, again.Verdict);
            Assert.Equal(first.Checks, again.Checks);
        }
    }
}
