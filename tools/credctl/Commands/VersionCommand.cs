using System.CommandLine;
using System.Reflection;

namespace Credentials.Cli.Commands;

/// <summary><c>credctl version</c>: prints the tool's version.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the credctl version");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"credctl {version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
