using Credentials.Contracts.Common.V1;

namespace Credentials.SignerKeys.Tests;

public sealed class SignerKeySelectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static SignerKeyRecord Key(
        string id, SignerKeyStatus state, string[] types, TimeSpan usageLeft, TimeSpan? activatedAgo = null, TimeSpan? createdAgo = null, SignerKeyKind kind = SignerKeyKind.DocumentSigner) => new()
    {
        KeyId = id,
        KeyLabel = id,
        Kind = kind,
        Status = state,
        KeyAlgorithm = KeyAlgorithm.EcP256,
        SignatureScheme = SignatureScheme.Ecdsa,
        DocumentTypes = types,
        CertificateFingerprint = id,
        CertificateDer = [],
        Certificate = new Certificate(),
        PrivateKeyUsageNotAfter = Now + usageLeft,
        CreatedAt = Now - (createdAgo ?? TimeSpan.FromDays(30)),
        ActivatedAt = activatedAgo is { } ago ? Now - ago : null,
        RequestId = id,
    };

    [Fact]
    public void SelectActive_TwoActiveKeys_LatestActivatedWins()
    {
        var older = Key("a", SignerKeyStatus.Active, ["P"], TimeSpan.FromDays(10), TimeSpan.FromDays(20));
        var newer = Key("b", SignerKeyStatus.Active, ["P"], TimeSpan.FromDays(10), TimeSpan.FromDays(1));

        Assert.Equal("b", SignerKeySelector.SelectActive([older, newer], SignerKeyKind.DocumentSigner, "P", Now)!.KeyId);
    }

    [Fact]
    public void SelectActive_KeyForOtherType_NotChosen()
    {
        var key = Key("a", SignerKeyStatus.Active, ["ID"], TimeSpan.FromDays(10), TimeSpan.FromDays(1));

        Assert.Null(SignerKeySelector.SelectActive([key], SignerKeyKind.DocumentSigner, "P", Now));
        Assert.Equal("a", SignerKeySelector.SelectActive([key], SignerKeyKind.DocumentSigner, "ID", Now)!.KeyId);
    }

    [Fact]
    public void SelectActive_UsagePeriodEnded_NotChosenEvenIfStillActive()
    {
        var expired = Key("a", SignerKeyStatus.Active, ["P"], TimeSpan.Zero, TimeSpan.FromDays(1));
        var fallback = Key("b", SignerKeyStatus.Active, ["P"], TimeSpan.FromDays(5), TimeSpan.FromDays(50));

        Assert.Equal("b", SignerKeySelector.SelectActive([expired, fallback], SignerKeyKind.DocumentSigner, "P", Now)!.KeyId);
    }

    [Fact]
    public void SelectActive_PendingAndRetiredKeys_NeverChosen()
    {
        var pending = Key("a", SignerKeyStatus.Pending, ["P"], TimeSpan.FromDays(10));
        var retired = Key("b", SignerKeyStatus.Retired, ["P"], TimeSpan.FromDays(10), TimeSpan.FromDays(1));

        Assert.Null(SignerKeySelector.SelectActive([pending, retired], SignerKeyKind.DocumentSigner, "P", Now));
    }

    [Fact]
    public void DueForRetirement_ActiveAndPendingPastUsageEnd_Returned()
    {
        var active = Key("a", SignerKeyStatus.Active, ["P"], TimeSpan.FromSeconds(-1), TimeSpan.FromDays(1));
        var pending = Key("b", SignerKeyStatus.Pending, ["P"], TimeSpan.Zero);
        var fine = Key("c", SignerKeyStatus.Active, ["P"], TimeSpan.FromDays(1), TimeSpan.FromDays(1));
        var retired = Key("d", SignerKeyStatus.Retired, ["P"], TimeSpan.FromDays(-10));

        Assert.Equal(["a", "b"], SignerKeySelector.DueForRetirement([active, pending, fine, retired], Now).Select(k => k.KeyId));
    }

    [Fact]
    public void DueForActivation_ActiveKeyRetiring_OldestPendingForItsTypeActivated()
    {
        var retiring = Key("a", SignerKeyStatus.Active, ["P"], TimeSpan.Zero, TimeSpan.FromDays(90));
        var pendingOld = Key("b", SignerKeyStatus.Pending, ["P"], TimeSpan.FromDays(90), createdAgo: TimeSpan.FromDays(5));
        var pendingNew = Key("c", SignerKeyStatus.Pending, ["P"], TimeSpan.FromDays(90), createdAgo: TimeSpan.FromDays(1));
        var keys = new[] { retiring, pendingOld, pendingNew };

        var activated = SignerKeySelector.DueForActivation(keys, SignerKeySelector.DueForRetirement(keys, Now), Now);

        Assert.Equal(["b"], activated.Select(k => k.KeyId));
    }

    [Fact]
    public void DueForActivation_TypeStillCovered_NothingActivated()
    {
        var active = Key("a", SignerKeyStatus.Active, ["P", "ID"], TimeSpan.FromDays(10), TimeSpan.FromDays(1));
        var pending = Key("b", SignerKeyStatus.Pending, ["P"], TimeSpan.FromDays(90));

        Assert.Empty(SignerKeySelector.DueForActivation([active, pending], [], Now));
    }

    [Fact]
    public void DueForActivation_PendingCoveringAnUncoveredType_Activated()
    {
        var active = Key("a", SignerKeyStatus.Active, ["P"], TimeSpan.FromDays(10), TimeSpan.FromDays(1));
        var pending = Key("b", SignerKeyStatus.Pending, ["P", "ID"], TimeSpan.FromDays(90));
        var expiredPending = Key("c", SignerKeyStatus.Pending, ["V"], TimeSpan.FromDays(-1));

        Assert.Equal(["b"], SignerKeySelector.DueForActivation([active, pending, expiredPending], [], Now).Select(k => k.KeyId));
    }

    [Fact]
    public void SelectActive_OnlyDocumentSignerKeyForType_NoSealSignerKey()
    {
        var documentSigner = Key("ds", SignerKeyStatus.Active, ["V"], TimeSpan.FromDays(10), TimeSpan.FromDays(1));

        Assert.Null(SignerKeySelector.SelectActive([documentSigner], SignerKeyKind.SealSigner, "V", Now));
        Assert.Equal("ds", SignerKeySelector.SelectActive([documentSigner], SignerKeyKind.DocumentSigner, "V", Now)!.KeyId);
    }

    [Fact]
    public void SelectActive_OnlySealSignerKeyForType_NoDocumentSignerKey()
    {
        var sealSigner = Key("ss", SignerKeyStatus.Active, ["P"], TimeSpan.FromDays(10), TimeSpan.FromDays(1), kind: SignerKeyKind.SealSigner);

        Assert.Null(SignerKeySelector.SelectActive([sealSigner], SignerKeyKind.DocumentSigner, "P", Now));
        Assert.Equal("ss", SignerKeySelector.SelectActive([sealSigner], SignerKeyKind.SealSigner, "P", Now)!.KeyId);
    }

    [Fact]
    public void DueForActivation_SealKeyActiveForType_PendingDocumentSignerKeyStillActivated()
    {
        // An active seal-signer key for "V" does not cover Document Signer signing for "V", and the other way round.
        var sealActive = Key("ss", SignerKeyStatus.Active, ["V"], TimeSpan.FromDays(10), TimeSpan.FromDays(1), kind: SignerKeyKind.SealSigner);
        var documentSignerPending = Key("ds", SignerKeyStatus.Pending, ["V"], TimeSpan.FromDays(90));
        var sealPending = Key("ss2", SignerKeyStatus.Pending, ["V"], TimeSpan.FromDays(90), kind: SignerKeyKind.SealSigner);

        Assert.Equal(["ds"], SignerKeySelector.DueForActivation([sealActive, documentSignerPending, sealPending], [], Now).Select(k => k.KeyId));
    }

    [Fact]
    public void Lifecycle_UsageEndedAndPendingSuccessor_RetiresWithReasonThenActivates()
    {
        var ending = Key("a", SignerKeyStatus.Active, ["P"], TimeSpan.Zero, TimeSpan.FromDays(20));
        var next = Key("b", SignerKeyStatus.Pending, ["P"], TimeSpan.FromDays(90));

        var transitions = SignerKeySelector.Lifecycle([ending, next], Now);

        Assert.Equal(
            [new SignerKeyTransition("a", SignerKeyStatus.Retired, Now, "private key usage period ended"), new SignerKeyTransition("b", SignerKeyStatus.Active, Now, string.Empty)],
            transitions);
    }

    [Fact]
    public void Lifecycle_AllKeysUsable_NoTransition()
    {
        var active = Key("a", SignerKeyStatus.Active, ["P"], TimeSpan.FromDays(10), TimeSpan.FromDays(1));
        var pending = Key("b", SignerKeyStatus.Pending, ["P"], TimeSpan.FromDays(90));

        Assert.Empty(SignerKeySelector.Lifecycle([active, pending], Now));
    }

    [Fact]
    public void SelectActive_DtcSignerKeyAmongDocumentSignerKeysForSameType_OnlyItsKind()
    {
        var documentSigner = Key("ds", SignerKeyStatus.Active, ["V"], TimeSpan.FromDays(10), TimeSpan.FromDays(1));
        var dtcSigner = Key("dtcs", SignerKeyStatus.Active, ["V"], TimeSpan.FromDays(10), TimeSpan.FromDays(2), kind: SignerKeyKind.DtcSigner);

        Assert.Equal("dtcs", SignerKeySelector.SelectActive([documentSigner, dtcSigner], SignerKeyKind.DtcSigner, "V", Now)!.KeyId);
        Assert.Equal("ds", SignerKeySelector.SelectActive([documentSigner, dtcSigner], SignerKeyKind.DocumentSigner, "V", Now)!.KeyId);
    }
}
