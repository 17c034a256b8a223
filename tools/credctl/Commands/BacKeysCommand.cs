using System.CommandLine;
using Credentials.Icao9303.Bac;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl bac-keys --document-number X --birth YYMMDD --expiry YYMMDD</c>: prints the BAC document keys
/// K_seed, K_enc and K_mac in hex (Doc 9303 Part 11 section 4.3.2). Exit 0, or 2 for malformed input.
/// </summary>
internal static class BacKeysCommand
{
    public static Command Create()
    {
        var number = new Option<string>("--document-number") { Description = "document number as printed in the MRZ", Required = true };
        var birth = new Option<string>("--birth") { Description = "date of birth YYMMDD", Required = true };
        var expiry = new Option<string>("--expiry") { Description = "date of expiry YYMMDD", Required = true };
        var command = new Command("bac-keys", "Derive the BAC keys K_seed, K_enc, K_mac from MRZ fields");
        command.Options.Add(number);
        command.Options.Add(birth);
        command.Options.Add(expiry);
        command.SetAction(parse => Run(parse.GetValue(number)!, parse.GetValue(birth)!, parse.GetValue(expiry)!, Console.Out, Console.Error));
        return command;
    }

    /// <summary>The command's logic; returns the exit code.</summary>
    public static int Run(string documentNumber, string birth, string expiry, TextWriter output, TextWriter error)
    {
        if (!IsDate(birth) || !IsDate(expiry))
        {
            error.WriteLine("--birth and --expiry are YYMMDD (six digits)");
            return ExitCodes.UsageOrIoError;
        }

        BacKeys keys;
        try
        {
            keys = BacKeys.Derive(documentNumber, birth, expiry);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"invalid document number: {ex.Message}");
            return ExitCodes.UsageOrIoError;
        }

        output.WriteLine($"K_seed: {Convert.ToHexString(keys.KSeed)}");
        output.WriteLine($"K_enc:  {Convert.ToHexString(keys.KEnc)}");
        output.WriteLine($"K_mac:  {Convert.ToHexString(keys.KMac)}");
        return ExitCodes.Ok;
    }

    private static bool IsDate(string value) => value.Length == 6 && value.All(char.IsAsciiDigit);
}
