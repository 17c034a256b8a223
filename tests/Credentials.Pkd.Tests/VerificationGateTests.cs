using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Tests.Pkd;
using Credentials.Icao9303.Pkd;
using Credentials.Pkd.Application;

namespace Credentials.Pkd.Tests;

public sealed class VerificationGateTests
{
    [Fact]
    public void KeyOf_SameAuthorityTwiceOnOneThread_ReturnsOnePreparedKey()
    {
        var csca = ListCertificates()[0];
        using var gate = new VerificationGate(2);

        var first = gate.KeyOf(csca);

        Assert.Same(first, gate.KeyOf(csca));
        Assert.True(first.SubjectPublicKeyInfo.Span.SequenceEqual(csca.SubjectPublicKeyInfo.Span));
    }

    [Fact]
    public void KeyOf_AnotherThread_PreparesItsOwnKey()
    {
        var csca = ListCertificates()[0];
        using var gate = new VerificationGate(2);
        var here = gate.KeyOf(csca);
        VerificationKey? there = null;

        var thread = new Thread(() => there = gate.KeyOf(csca));
        thread.Start();
        thread.Join();

        Assert.NotNull(there);
        Assert.NotSame(here, there);
    }

    [Fact]
    public void FindIssuer_WithPreparedKeys_FindsWhatItFindsWithout()
    {
        // Every CSCA/link certificate of the list under every other: the same issuers with and without prepared keys.
        var certificates = ListCertificates();
        using var gate = new VerificationGate(1);

        foreach (var certificate in certificates.Take(40))
        {
            Assert.Same(SignedListVerifier.FindIssuer(certificate, certificates), SignedListVerifier.FindIssuer(certificate, certificates, gate.KeyOf));
        }

        Assert.Contains(certificates.Take(40), c => SignedListVerifier.FindIssuer(c, certificates, gate.KeyOf) is not null);
    }

    /// <summary>A Master List made at test time: its own CSCA, a link certificate under it and twelve other States' CSCAs.</summary>
    private static IReadOnlyList<X509CertificateParts> ListCertificates()
    {
        using var csca = X509CertificateLoader.LoadCertificate(TestMasterList.Csca("CN=CSCA Utopia,O=Utopia,C=UT", out var key));
        using (key)
        {
            var list = TestMasterList.Create(csca, key, 12, [TestMasterList.Link(csca, key)]);
            return SignedListVerifier.VerifyMasterList(list).MasterList!.Certificates;
        }
    }
}
