using Mono.Cecil;

// Fixtures of TypeReferenceScannerTests: the scanner selects types by namespace, so each case is a namespace of its own
// (block-scoped namespaces, hence IDE0161 off in this file). They are read from metadata, never instantiated (CA1812).
#pragma warning disable IDE0161
#pragma warning disable CA1812
namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures
{
    internal static class Helper
    {
        public static string Describe(ReaderParameters? parameters) => parameters is null ? "none" : "some";
    }
}

namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures.Field
{
    internal sealed class User
    {
        public TypeReference? Type { get; set; }
    }
}

namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures.Signature
{
    internal static class User
    {
        public static Task<IReadOnlyList<TypeReference>> ListAsync() => Task.FromResult<IReadOnlyList<TypeReference>>([]);
    }
}

namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures.Body
{
    internal static class User
    {
        public static string Run() => new ReaderParameters().ReadSymbols.ToString();
    }
}

namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures.Lambda
{
    internal static class User
    {
        public static Func<int, string> Make() => n => new ReaderParameters { ReadSymbols = n > 0 }.ReadSymbols.ToString();
    }
}

namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures.Async
{
    internal static class User
    {
        public static async Task<string> RunAsync(CancellationToken cancellationToken)
        {
            var parameters = new ReaderParameters();
            await Task.Delay(1, cancellationToken);
            return parameters.ReadSymbols.ToString();
        }
    }
}

namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures.Catch
{
    internal static class User
    {
        public static string Run(Func<string> action)
        {
            try
            {
                return action();
            }
            catch (Mono.Cecil.Cil.SymbolsNotFoundException)
            {
                return "none";
            }
        }
    }
}

namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures.Through
{
    internal static class User
    {
        // No Mono.Cecil name here: the type comes in through the signature of the project's own Helper.Describe.
        public static string Run() => Helper.Describe(null);
    }
}

namespace Credentials.Deployment.Tests.Architecture.ScannerFixtures.Clean
{
    internal static class User
    {
        public static async Task<string> RunAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken);
            Func<int, string> format = n => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return format(1);
        }
    }
}
#pragma warning restore CA1812
#pragma warning restore IDE0161
