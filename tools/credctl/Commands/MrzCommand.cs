using System.CommandLine;
using System.Text.Json;
using Credentials.Cli.Commands.Icao;
using Credentials.Icao9303;
using Credentials.Icao9303.Mrz;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl mrz check LINE1 LINE2 [LINE3] [--json]</c>: parses a machine readable zone of any Doc 9303 format and
/// validates every check digit and that the dates are calendar dates. Exit 0 when valid, 1 when a check digit fails,
/// a date is impossible or the text is not an MRZ. Unknown country codes are warnings (exit 0).
/// JSON: <c>valid</c>, <c>format</c> (TD1, TD2, TD3, MRVA, MRVB), <c>fields</c>, <c>checkDigits</c>,
/// <c>fieldErrors</c> and <c>warnings</c> (each <c>field</c>, <c>reason</c>, <c>detail</c>).
/// </summary>
internal static class MrzCommand
{
    public static Command Create()
    {
        var lines = new Argument<string[]>("LINES") { Description = "the MRZ lines (2 or 3; one argument with \\n separators also works)", Arity = new ArgumentArity(1, 3) };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var check = new Command("check", "Validate an MRZ (TD1, TD2, TD3, MRV-A, MRV-B) and its check digits");
        check.Arguments.Add(lines);
        check.Options.Add(json);
        check.SetAction(parse => Check(parse.GetValue(lines) ?? [], parse.GetValue(json), Console.Out, Console.Error));
        var mrz = new Command("mrz", "Machine readable zone tools (Doc 9303 Parts 3-7)");
        mrz.Subcommands.Add(check);
        return mrz;
    }

    /// <summary>The command's logic, writing to the given streams; returns the exit code.</summary>
    public static int Check(IReadOnlyList<string> lines, bool json, TextWriter output, TextWriter error)
    {
        MachineReadableZone mrz;
        try
        {
            mrz = MachineReadableZone.Parse(string.Join('\n', lines));
        }
        catch (Icao9303FormatException ex)
        {
            if (json)
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("valid", false);
                    w.WriteString("error", ex.Reason);
                    w.WriteString("detail", ex.Message);
                    w.WriteEndObject();
                });
            }
            else
            {
                error.WriteLine($"not an MRZ ({ex.Reason}): {ex.Message}");
            }

            return ExitCodes.Invalid;
        }

        if (json)
        {
            JsonOutput.Write(output, w => WriteJson(w, mrz));
        }
        else
        {
            output.WriteLine($"{FormatName(mrz.Format)}: {(mrz.IsValid ? "valid" : "INVALID")}");
            var d = mrz.Data;
            output.WriteLine($"  document code     {d.DocumentCode}");
            output.WriteLine($"  issuing state     {d.IssuingState}");
            output.WriteLine($"  name              {d.PrimaryIdentifier}, {d.SecondaryIdentifier}");
            output.WriteLine($"  document number   {d.DocumentNumber}");
            output.WriteLine($"  nationality       {d.Nationality}");
            output.WriteLine($"  date of birth     {d.DateOfBirth}");
            output.WriteLine($"  sex               {d.Sex}");
            output.WriteLine($"  date of expiry    {d.DateOfExpiry}");
            output.WriteLine($"  optional data     {d.OptionalData1}{(d.OptionalData2.Length > 0 ? " / " + d.OptionalData2 : string.Empty)}");
            foreach (var c in mrz.Checks)
            {
                output.WriteLine($"  check {c.Field,-15} printed {c.Printed} computed {c.Computed?.ToString() ?? "?"} {(c.Valid ? "ok" : "FAIL")}");
            }

            foreach (var p in mrz.FieldErrors)
            {
                output.WriteLine($"  field {p.Field,-15} FAIL {p.Reason}: {p.Detail}");
            }

            foreach (var p in mrz.Warnings)
            {
                output.WriteLine($"  field {p.Field,-15} WARN {p.Reason}: {p.Detail}");
            }
        }

        return mrz.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    public static string FormatName(MrzFormat format) => format switch
    {
        MrzFormat.Td1 => "TD1",
        MrzFormat.Td2 => "TD2",
        MrzFormat.Td3 => "TD3",
        MrzFormat.MrvA => "MRVA",
        MrzFormat.MrvB => "MRVB",
        _ => "UNKNOWN",
    };

    private static void WriteJson(Utf8JsonWriter w, MachineReadableZone mrz)
    {
        var d = mrz.Data;
        w.WriteStartObject();
        w.WriteBoolean("valid", mrz.IsValid);
        w.WriteString("format", FormatName(mrz.Format));
        w.WriteStartObject("fields");
        w.WriteString("documentCode", d.DocumentCode);
        w.WriteString("issuingState", d.IssuingState);
        w.WriteString("primaryIdentifier", d.PrimaryIdentifier);
        w.WriteString("secondaryIdentifier", d.SecondaryIdentifier);
        w.WriteString("documentNumber", d.DocumentNumber);
        w.WriteString("nationality", d.Nationality);
        w.WriteString("dateOfBirth", d.DateOfBirth);
        w.WriteString("sex", d.Sex);
        w.WriteString("dateOfExpiry", d.DateOfExpiry);
        w.WriteString("optionalData1", d.OptionalData1);
        w.WriteString("optionalData2", d.OptionalData2);
        w.WriteEndObject();
        w.WriteStartArray("checkDigits");
        foreach (var c in mrz.Checks)
        {
            w.WriteStartObject();
            w.WriteString("field", c.Field);
            w.WriteString("printed", c.Printed.ToString());
            w.WriteString("computed", c.Computed?.ToString());
            w.WriteBoolean("valid", c.Valid);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteProblems(w, "fieldErrors", mrz.FieldErrors);
        WriteProblems(w, "warnings", mrz.Warnings);
        w.WriteEndObject();
    }

    private static void WriteProblems(Utf8JsonWriter w, string name, IReadOnlyList<MrzFieldProblem> problems)
    {
        w.WriteStartArray(name);
        foreach (var p in problems)
        {
            w.WriteStartObject();
            w.WriteString("field", p.Field);
            w.WriteString("reason", p.Reason);
            w.WriteString("detail", p.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
