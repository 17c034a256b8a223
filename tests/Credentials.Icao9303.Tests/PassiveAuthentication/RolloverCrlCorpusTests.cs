using System.Security.Cryptography;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.PassiveAuthentication;

namespace Credentials.Icao9303.Tests.PassiveAuthentication;

/// <summary>
/// Issue 14 item 3 on real material: the GB CRL of the corpus is signed by the newer GB CSCA key (serial 492EEB29); the
/// expired UK passport's DSC was issued under the older key (492EAE16). With the public CSCA bundle (which holds the
/// GB link certificates) the CRL applies to that DSC through the key lineage.
/// </summary>
public sealed class RolloverCrlCorpusTests
{
    [Fact]
    public void Verify_OldKeyDscWithCrlOfNewKeyAndBundleLinks_CrlApplies()
    {
        var anchors = new List<TrustAnchor>();
        try
        {
            var pem = File.ReadAllText(TestVectors.PathOf("csca", "bundles", "NFCPassportReader_masterList.pem"));
            foreach (var range in PemBlocks(pem))
            {
                try
                {
                    anchors.Add(TrustAnchor.Decode(range));
                }
                catch (Icao9303FormatException)
                {
                    // The bundle's malformed entries (bare SubjectKeyIdentifier) are skipped.
                }
            }

            var crl = CertificateRevocationList.Decode(TestVectors.Read("crl", "zeropass", "crl_gb_fp_85824ab57b.crl"));
            using var withCrl = PassiveAuthenticationTrustStore.FromAnchors(anchors, [crl]);
            using var authenticator = new PassiveAuthenticator(withCrl);
            var at = crl.ThisUpdate.AddHours(1);

            var result = authenticator.Verify(new PassiveAuthenticationRequest
            {
                EfSod = TestVectors.Read("sod", "gmrtd-uk-full", "EF.SOD.bin"),
                ValidationTime = at,
            });

            Assert.Equal(CheckStatus.Pass, result.Find("chain.csca")!.Status);
            var crlCheck = result.Find("crl.dsc")!;
            Assert.NotEqual("crl.missing", crlCheck.Reason);
            Assert.Contains(crlCheck.Reason, new[] { "crl.revoked", "crl.not-revoked", "crl.stale" });
        }
        finally
        {
            foreach (var anchor in anchors)
            {
                anchor.Dispose();
            }
        }
    }

    private static IEnumerable<byte[]> PemBlocks(string pem)
    {
        var remaining = pem.AsMemory();
        while (PemEncoding.TryFind(remaining.Span, out var fields))
        {
            yield return Convert.FromBase64String(remaining.Span[fields.Base64Data].ToString());
            remaining = remaining[fields.Location.End..];
        }
    }
}
