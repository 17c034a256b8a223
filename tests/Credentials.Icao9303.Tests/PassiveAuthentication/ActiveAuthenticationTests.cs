using System.Security.Cryptography;
using System.Text.Json;
using Credentials.Icao9303.ActiveAuthentication;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

public sealed class ActiveAuthenticationTests
{
    [Fact]
    public void Verify_SlovenianChipSignatures_VerifyWithDg15()
    {
        var dg15 = DataGroup15.Decode(TestVectors.Read("sod", "zeropass-si-454CB206", "EF.DG15.bin"));
        using var document = JsonDocument.Parse(TestVectors.Read("sod", "zeropass-si-454CB206", "aa_sigs.json"));
        var entry = document.RootElement.EnumerateObject().Single().Value;
        var challenge = Convert.FromHexString(entry.GetProperty("challenge").GetString()!);
        var signatures = entry.GetProperty("csigs").EnumerateArray().Select(s => Convert.FromHexString(s.GetString()!)).ToList();
        Assert.Equal(4, signatures.Count);
        for (var i = 0; i < signatures.Count; i++)
        {
            // The terminal sent the 32-byte challenge as four 8-byte INTERNAL AUTHENTICATE nonces.
            var result = ActiveAuthenticationVerifier.Verify(dg15.SubjectPublicKeyInfo, challenge.AsSpan(i * 8, 8), signatures[i]);
            Assert.True(result.IsValid, result.Detail);
            Assert.False(ActiveAuthenticationVerifier.Verify(dg15.SubjectPublicKeyInfo, challenge.AsSpan(((i + 1) % 4) * 8, 8), signatures[i]).IsValid);
        }
    }

    [Fact]
    public void Verify_PassiveThenActiveAuthentication_CountsOnlyAfterPa()
    {
        // A passport made at test time with an ECDSA Active Authentication key in DG15 (Doc 9303 Part 11 section 6.1).
        using var chipKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var groups = new Dictionary<int, ReadOnlyMemory<byte>>(Adversarial.ForgeryPki.DataGroups())
        {
            [15] = new DataGroup15(chipKey.ExportSubjectPublicKeyInfo()).Encode(),
        };
        using var passport = TestPassport.Create(TestPassportKey.EcP256, groups);
        var challenge = RandomNumberGenerator.GetBytes(8);
        var signature = chipKey.SignData(challenge, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        var passed = passport.Verify(r => r with { ActiveAuthenticationChallenge = challenge, ActiveAuthenticationSignature = signature });
        Assert.Equal("aa.valid", passed.Find("aa")!.Reason);
        Assert.Equal(CheckStatus.Pass, passed.Find("dg15.hash")!.Status);
        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, passed.Verdict);

        var wrong = passport.Verify(r => r with { ActiveAuthenticationChallenge = new byte[8], ActiveAuthenticationSignature = signature });
        Assert.Equal("aa.signature-invalid", wrong.Find("aa")!.Reason);
        Assert.Equal(PassiveAuthenticationVerdict.Invalid, wrong.Verdict);

        var expired = passport.Verify(r => r with
        {
            ActiveAuthenticationChallenge = challenge,
            ActiveAuthenticationSignature = signature,
            ValidationTime = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        Assert.Equal("aa.pa-not-passed", expired.Find("aa")!.Reason);
    }

    [Theory]
    [InlineData(DSASignatureFormat.IeeeP1363FixedFieldConcatenation)]
    [InlineData(DSASignatureFormat.Rfc3279DerSequence)]
    public void Verify_EcdsaPlainOrDer_Verifies(DSASignatureFormat format)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        var challenge = RandomNumberGenerator.GetBytes(8);
        var signature = key.SignData(challenge, HashAlgorithmName.SHA256, format);
        var spki = key.ExportSubjectPublicKeyInfo();
        Assert.True(ActiveAuthenticationVerifier.Verify(spki, challenge, signature).IsValid);
        Assert.True(ActiveAuthenticationVerifier.Verify(spki, challenge, signature, Icao9303.Crypto.Oids.Sha256).IsValid);
        challenge[0] ^= 1;
        Assert.False(ActiveAuthenticationVerifier.Verify(spki, challenge, signature).IsValid);
    }
}
