using Credentials.Deployment.Tests.Architecture.ScannerFixtures;
using Mono.Cecil;

namespace Credentials.Deployment.Tests.Architecture;

/// <summary>
/// The scanner behind <see cref="ServiceLayeringTests"/> finds each way a type can be used, on fixture types in this
/// assembly (ScannerFixtures.cs), with Mono.Cecil standing in for a forbidden assembly.
/// </summary>
public sealed class TypeReferenceScannerTests
{
    private const string Fixtures = "Credentials.Deployment.Tests.Architecture.ScannerFixtures";

    [Theory]
    [InlineData("Field", "Mono.Cecil.TypeReference")]
    [InlineData("Signature", "Mono.Cecil.TypeReference")]
    [InlineData("Body", "Mono.Cecil.ReaderParameters")]
    [InlineData("Lambda", "Mono.Cecil.ReaderParameters")]
    [InlineData("Async", "Mono.Cecil.ReaderParameters")]
    [InlineData("Catch", "Mono.Cecil.Cil.SymbolsNotFoundException")]
    [InlineData("Through", "Mono.Cecil.ReaderParameters")]
    public void Find_NamespaceUsingAForbiddenType_ReportsTheUserAndTheType(string fixture, string usedType)
    {
        var found = Scan(fixture);

        Assert.Contains(found, f => f.StartsWith($"{Fixtures}.{fixture}.User → {usedType} [Mono.Cecil]", StringComparison.Ordinal));
    }

    [Fact]
    public void Find_NamespaceUsingOnlyAllowedAssemblies_ReportsNothing()
    {
        Assert.Empty(Scan("Clean"));
    }

    [Fact]
    public void Find_ForbiddenTypeOutsideTheNamespace_NotReported()
    {
        // Helper uses Mono.Cecil in its signature but lives beside the scanned namespaces, not under them.
        Assert.Empty(TypeReferenceScanner.Find(typeof(Helper).Assembly.Location, Fixtures + ".Clean", IsCecil));
        Assert.NotEmpty(TypeReferenceScanner.Find(typeof(Helper).Assembly.Location, Fixtures, IsCecil));
    }

    private static IReadOnlyList<string> Scan(string fixture) =>
        TypeReferenceScanner.Find(typeof(Helper).Assembly.Location, $"{Fixtures}.{fixture}", IsCecil);

    private static bool IsCecil(string assembly) => assembly.StartsWith("Mono.Cecil", StringComparison.Ordinal);
}
