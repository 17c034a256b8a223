using Google.Protobuf.Reflection;

namespace Credentials.Contracts.Tests;

public sealed class ProtoLayoutTests
{
    [Fact]
    public void Files_EveryProtoInRepository_IsCompiledIntoContracts()
    {
        var onDisk = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.ProtoRoot, "credentials"), "*.proto", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryPaths.ProtoRoot, p).Replace('\\', '/'))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        var compiled = ContractDescriptors.Files.Select(f => f.Name).ToList();

        Assert.NotEmpty(onDisk);
        Assert.Equal(onDisk, compiled);
    }

    [Fact]
    public void Files_EveryArea_HasAtLeastOneFile()
    {
        var areas = ContractDescriptors.Files.Select(f => f.Name.Split('/')[1]).Distinct().OrderBy(a => a, StringComparer.Ordinal);

        Assert.Equal(ContractDescriptors.Areas.Keys.OrderBy(a => a, StringComparer.Ordinal), areas);
    }

    public static TheoryData<string> FileNames() => new(ContractDescriptors.Files.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(FileNames))]
    public void File_PackageFolderAndNamespace_MatchArea(string fileName)
    {
        var file = ContractDescriptors.Files.Single(f => f.Name == fileName);
        var parts = file.Name.Split('/');

        Assert.Equal(4, parts.Length);
        Assert.Equal("credentials", parts[0]);
        Assert.True(ContractDescriptors.Areas.TryGetValue(parts[1], out var csharpArea), $"unknown area folder '{parts[1]}'");
        Assert.Equal("v1", parts[2]);
        Assert.Equal($"credentials.{parts[1]}.v1", file.Package);
        Assert.Equal($"Credentials.Contracts.{csharpArea}.V1", file.GetOptions().CsharpNamespace);
        Assert.Equal("proto3", file.ToProto().Syntax);
    }

    [Fact]
    public void Imports_OnlySuiteOrWellKnownTypes_NoCommonToServiceDependency()
    {
        foreach (var file in ContractDescriptors.Files)
        {
            foreach (var dependency in file.Dependencies)
            {
                var allowed = dependency.Name.StartsWith("google/protobuf/", StringComparison.Ordinal)
                    || dependency.Name.StartsWith("credentials/common/v1/", StringComparison.Ordinal)
                    || (dependency.Name.StartsWith("credentials/events/v1/", StringComparison.Ordinal)
                        && file.Package is "credentials.events.v1" or "credentials.ledger.v1");
                Assert.True(allowed, $"{file.Name} imports {dependency.Name}");
            }
        }
    }
}
