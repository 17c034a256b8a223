using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Pkd.Application;

namespace Credentials.Pkd.Tests;

public sealed class VerificationGateTests
{
    [Fact]
    public void KeyOf_SameAuthorityTwiceOnOneThread_ReturnsOnePreparedKey()
    {
        var csca = DeCscas()[0];
        using var gate = new VerificationGate(2);

        var first = gate.KeyOf(csca);

        Assert.Same(first, gate.KeyOf(csca));
        Assert.True(first.SubjectPublicKeyInfo.Span.SequenceEqual(csca.SubjectPublicKeyInfo.Span));
    }

    [Fact]
    public void KeyOf_AnotherThread_PreparesItsOwnKey()
    {
        var csca = DeCscas()[0];
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
        var certificates = DeCscas();
        using var gate = new VerificationGate(1);

        foreach (var certificate in certificates.Take(40))
        {
            Assert.Same(SignedListVerifier.FindIssuer(certificate, certificates), SignedListVerifier.FindIssuer(certificate, certificates, gate.KeyOf));
        }

        Assert.Contains(certificates.Take(40), c => SignedListVerifier.FindIssuer(c, certificates, gate.KeyOf) is not null);
    }

    private static IReadOnlyList<X509CertificateParts> DeCscas() =>
        SignedListVerifier.VerifyMasterList(Vectors.Read("master-lists/DE_ML_2026-05-28-08-28-45.ml")).MasterList!.Certificates;
}
