using Google.Protobuf.Reflection;

namespace Credentials.Contracts.Tests;

public sealed class ServiceConventionTests
{
    public static TheoryData<string> ServiceNames() => new(ContractDescriptors.Services.Select(s => s.FullName));

    [Fact]
    public void Services_OnePerServiceArea_Exist()
    {
        var expected = new[]
        {
            "credentials.csca.v1.CscaService",
            "credentials.document_signer.v1.DocumentSignerService",
            "credentials.dtc.v1.DtcService",
            "credentials.ledger.v1.LedgerService",
            "credentials.pkd.v1.PkdService",
            "credentials.trust_anchor.v1.TrustAnchorService",
        };

        Assert.Equal(expected, ContractDescriptors.Services.Select(s => s.FullName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Service_Name_IsXxxServiceInAreaPackage(string serviceName)
    {
        var service = ContractDescriptors.FindService(serviceName)!;
        var area = service.File.Package.Split('.')[1];

        Assert.EndsWith("Service", service.Name, StringComparison.Ordinal);
        Assert.Equal($"credentials.{area}.v1", service.File.Package);
        Assert.Equal(ContractDescriptors.Areas[area] + "Service", service.Name);
        Assert.NotEmpty(service.Methods);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Service_EveryRpc_HasOwnRequestAndResponse(string serviceName)
    {
        var service = ContractDescriptors.FindService(serviceName)!;

        foreach (var method in service.Methods)
        {
            Assert.Equal(method.Name + "Request", method.InputType.Name);
            Assert.Equal(method.Name + "Response", method.OutputType.Name);
            Assert.Equal(service.File.Package, method.InputType.File.Package);
            Assert.Equal(service.File.Package, method.OutputType.File.Package);
        }
    }

    [Fact]
    public void Rpcs_RequestAndResponseMessages_AreNeverShared()
    {
        var used = ContractDescriptors.Services
            .SelectMany(s => s.Methods)
            .SelectMany(m => new[] { m.InputType.FullName, m.OutputType.FullName })
            .ToList();

        Assert.Equal(used.Count, used.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Fields_AllNames_AreLowerSnakeCase()
    {
        foreach (var message in ContractDescriptors.Messages)
        {
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                Assert.Matches("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", field.Name);
            }
        }
    }
}
