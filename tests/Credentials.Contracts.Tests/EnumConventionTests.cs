using Google.Protobuf.Reflection;

namespace Credentials.Contracts.Tests;

public sealed class EnumConventionTests
{
    public static TheoryData<string> EnumNames() => new(ContractDescriptors.Enums.Select(e => e.FullName));

    [Fact]
    public void Enums_SharedPkiEnums_ExistInCommon()
    {
        var names = ContractDescriptors.Enums.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        foreach (var expected in new[]
        {
            "SignerKind", "KeyAlgorithm", "HashAlgorithm", "CertificateStatus", "RevocationReason",
            "Verdict", "CheckStatus", "ErrorReason", "CertificateKind",
        })
        {
            Assert.Contains("credentials.common.v1." + expected, names);
        }
    }

    [Theory]
    [MemberData(nameof(EnumNames))]
    public void Enum_ZeroValue_IsPrefixedUnspecified(string enumName)
    {
        var descriptor = ContractDescriptors.Enums.Single(e => e.FullName == enumName);
        var prefix = ProtoNames.ToUpperSnake(descriptor.Name) + "_";

        var zero = descriptor.FindValueByNumber(0);
        Assert.NotNull(zero);
        Assert.Equal(prefix + "UNSPECIFIED", zero.Name);
        Assert.Same(zero, descriptor.Values[0]);
        Assert.All(descriptor.Values, v => Assert.StartsWith(prefix, v.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void KeyAlgorithm_Values_CoverRsaNistAndBrainpool()
    {
        var descriptor = ContractDescriptors.Enums.Single(e => e.FullName == "credentials.common.v1.KeyAlgorithm");

        Assert.Equal(
            new[]
            {
                "KEY_ALGORITHM_UNSPECIFIED", "KEY_ALGORITHM_RSA_2048", "KEY_ALGORITHM_RSA_3072", "KEY_ALGORITHM_RSA_4096",
                "KEY_ALGORITHM_EC_P256", "KEY_ALGORITHM_EC_P384", "KEY_ALGORITHM_EC_P521",
                "KEY_ALGORITHM_BRAINPOOL_P256R1", "KEY_ALGORITHM_BRAINPOOL_P384R1", "KEY_ALGORITHM_BRAINPOOL_P512R1",
            },
            descriptor.Values.Select(v => v.Name));
    }

    [Theory]
    [InlineData("REVOCATION_REASON_KEY_COMPROMISE", 1)]
    [InlineData("REVOCATION_REASON_CA_COMPROMISE", 2)]
    [InlineData("REVOCATION_REASON_AFFILIATION_CHANGED", 3)]
    [InlineData("REVOCATION_REASON_SUPERSEDED", 4)]
    [InlineData("REVOCATION_REASON_CESSATION_OF_OPERATION", 5)]
    [InlineData("REVOCATION_REASON_CERTIFICATE_HOLD", 6)]
    [InlineData("REVOCATION_REASON_REMOVE_FROM_CRL", 8)]
    [InlineData("REVOCATION_REASON_PRIVILEGE_WITHDRAWN", 9)]
    [InlineData("REVOCATION_REASON_AA_COMPROMISE", 10)]
    public void RevocationReason_Value_EqualsRfc5280Code(string name, int rfc5280Code)
    {
        var descriptor = ContractDescriptors.Enums.Single(e => e.FullName == "credentials.common.v1.RevocationReason");

        Assert.Equal(rfc5280Code, descriptor.FindValueByName(name)?.Number);
    }

    [Fact]
    public void ErrorReason_Numbers_AreUnique()
    {
        var descriptor = ContractDescriptors.Enums.Single(e => e.FullName == "credentials.common.v1.ErrorReason");

        Assert.Equal(descriptor.Values.Count, descriptor.Values.Select(v => v.Number).Distinct().Count());
        Assert.True(descriptor.Values.Count > 40, "error reasons cover validation, dependencies and every service");
    }
}
