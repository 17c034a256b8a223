using System.CommandLine;
using Credentials.Cli;

// credctl: the operators' and relying parties' command line for the Credentials suite.
// Each area registers its commands in CommandCatalog; exit codes: 0 ok/valid, 1 invalid, 2 usage or I/O error.
var root = new RootCommand("credctl — ICAO Doc 9303 credential PKI tools (Credentials suite)");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    foreach (var error in parseResult.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    return ExitCodes.UsageOrIoError;
}

return await parseResult.InvokeAsync();
