using System.CommandLine;
using Credentials.Cli.Commands;

namespace Credentials.Cli;

/// <summary>Every top-level credctl command. Add one line per area.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return HealthCommand.Create();
        yield return SuiteStatusCommand.Create();
        yield return MasterListCommand.Create();
        yield return LdifCommand.Create();
        yield return CertCommand.Create();
        yield return CrlCommand.Create();
        yield return MrzCommand.Create();
        yield return VerifyCommand.Create();
        yield return SodCommand.Create();
        yield return BacKeysCommand.Create();
        yield return CscaCommand.Create();
        yield return SignCommand.Create();
        yield return DtcCommand.Create();
        yield return PkdCommand.Create();
        yield return LedgerCommand.Create();
        yield return SealCommand.Create();
    }
}
