using Credentials.Contracts.Common.V1;

namespace Credentials.SignerKeys.Tests;

public sealed class SignerKeyCodesTests
{
    [Fact]
    public void ToCode_EveryKeyAlgorithm_RoundTripsAndCodesAreDistinct()
    {
        var algorithms = Enum.GetValues<KeyAlgorithm>().Where(a => a != KeyAlgorithm.Unspecified).ToList();

        var codes = algorithms.Select(SignerKeyCodes.ToCode).ToList();

        Assert.Equal(algorithms, codes.Select(SignerKeyCodes.AlgorithmFromCode));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ToCode_EverySchemeStatusAndKind_RoundTrips()
    {
        var schemes = Enum.GetValues<SignatureScheme>().Where(s => s != SignatureScheme.Unspecified).ToList();
        Assert.Equal(schemes, schemes.Select(SignerKeyCodes.ToCode).Select(SignerKeyCodes.SchemeFromCode));
        var statuses = Enum.GetValues<SignerKeyStatus>();
        Assert.Equal(statuses, statuses.Select(SignerKeyCodes.ToCode).Select(SignerKeyCodes.StatusFromCode));
        var kinds = Enum.GetValues<SignerKeyKind>();
        Assert.Equal(kinds, kinds.Select(SignerKeyKinds.ToCode).Select(SignerKeyKinds.FromCode));
    }

    [Fact]
    public void StatusFromCode_ContractEnumNumber_Refused()
    {
        Assert.Throws<InvalidDataException>(() => SignerKeyCodes.StatusFromCode("2"));
        Assert.Throws<InvalidDataException>(() => SignerKeyCodes.AlgorithmFromCode("4"));
    }
}
