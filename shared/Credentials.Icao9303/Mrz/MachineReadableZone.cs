using System.Text;

namespace Credentials.Icao9303.Mrz;

/// <summary>
/// A machine readable zone of any Doc 9303 layout, parsed with every check digit validated, or generated from
/// <see cref="MrzData"/>.
/// <list type="bullet">
/// <item>TD3 (Part 4 section 4.2.2): line 2 = doc number(9) cd nationality(3) birth(6) cd sex expiry(6) cd
/// personal number(14) cd composite; composite over positions 1-10, 14-20 and 22-43.</item>
/// <item>TD2 (Part 6 section 4.2.2): line 2 = doc number(9) cd nationality birth cd sex expiry cd optional(7) composite;
/// composite over 1-10, 14-20, 22-35. A longer document number continues in the optional data (position 10 = '&lt;').</item>
/// <item>TD1 (Part 5 section 4.2.2): line 1 = code(2) state(3) doc number(9) cd optional(15); line 2 = birth cd sex
/// expiry cd nationality optional(11) composite; line 3 = name. Composite over line 1 positions 6-30, line 2 1-7, 9-15,
/// 19-29. Long document numbers overflow into the line-1 optional data, followed by their check digit.</item>
/// <item>MRV-A/MRV-B (Part 7 section 4.2.2): like TD3/TD2 line 2 without the composite check digit.</item>
/// </list>
/// Dates of birth and expiry must be calendar dates (Part 3 section 4.4; see <see cref="MrzDates.CalendarDateProblem"/>):
/// a check digit computed over an impossible date still verifies, so the date itself is checked. No Doc 9303 MRZ
/// (Parts 4-7) carries a date of issue.
/// </summary>
public sealed class MachineReadableZone
{
    private MachineReadableZone(MrzFormat format, IReadOnlyList<string> lines, MrzData data, IReadOnlyList<MrzCheckResult> checks)
    {
        Format = format;
        Lines = lines;
        Data = data;
        Checks = checks;
        FieldErrors = DateProblems(data);
        Warnings = CodeWarnings(data);
    }

    /// <summary>The layout.</summary>
    public MrzFormat Format { get; }

    /// <summary>The lines as printed.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The fields without fillers.</summary>
    public MrzData Data { get; }

    /// <summary>Every check digit with its result.</summary>
    public IReadOnlyList<MrzCheckResult> Checks { get; }

    /// <summary>Fields that break a Doc 9303 rule (an impossible date): each makes the MRZ invalid.</summary>
    public IReadOnlyList<MrzFieldProblem> FieldErrors { get; }

    /// <summary>Codes outside Doc 9303 Part 3 section 5 (<see cref="MrzCountryCodes"/>): reported, never an error.</summary>
    public IReadOnlyList<MrzFieldProblem> Warnings { get; }

    /// <summary>True when every check digit is valid and no field breaks a rule (<see cref="FieldErrors"/> is empty).</summary>
    public bool IsValid => FieldErrors.Count == 0 && Checks.All(c => c.Valid);

    /// <summary>The MRZ as one string, lines joined without separators (the form DG1 stores, Part 10 section 4.7.1).</summary>
    public string Text => string.Concat(Lines);

    /// <summary>
    /// Parses an MRZ given as lines separated by line breaks (or the two characters <c>\n</c>), or as one
    /// unbroken string of 88, 72 or 90 characters.
    /// </summary>
    /// <exception cref="Icao9303FormatException">Wrong number or length of lines or characters outside [0-9A-Z&lt;] (reason <c>mrz.*</c>).</exception>
    public static MachineReadableZone Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 200)
        {
            throw new Icao9303FormatException("mrz.length", "MRZ text is longer than any MRZ.");
        }

        var normalised = text.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal);
        var lines = normalised.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 1)
        {
            var single = lines[0];
            lines = single.Length switch
            {
                88 => [single[..44], single[44..]],
                72 => [single[..36], single[36..]],
                90 => [single[..30], single[30..60], single[60..]],
                _ => lines,
            };
        }

        return Parse(lines);
    }

    /// <summary>Parses MRZ lines.</summary>
    /// <exception cref="Icao9303FormatException">See <see cref="Parse(string)"/>.</exception>
    public static MachineReadableZone Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            foreach (var c in line)
            {
                if (MrzCheckDigit.ValueOf(c) < 0)
                {
                    throw new Icao9303FormatException("mrz.character", $"MRZ holds the character '{c}' outside [0-9A-Z<].");
                }
            }
        }

        return lines switch
        {
            [{ Length: 30 } l1, { Length: 30 } l2, { Length: 30 } l3] => ParseTd1(l1, l2, l3),
            [{ Length: 44 } l1, { Length: 44 } l2] => ParseLong(l1, l2, l1[0] == 'V' ? MrzFormat.MrvA : MrzFormat.Td3),
            [{ Length: 36 } l1, { Length: 36 } l2] => ParseLong(l1, l2, l1[0] == 'V' ? MrzFormat.MrvB : MrzFormat.Td2),
            _ => throw new Icao9303FormatException("mrz.length", "An MRZ is 3 lines of 30, or 2 lines of 36 or 44 characters."),
        };
    }

    /// <summary>Generates the MRZ of <paramref name="data"/> in <paramref name="format"/>, computing every check digit.</summary>
    /// <exception cref="ArgumentException">A field does not fit the layout or holds characters that cannot be written.</exception>
    public static MachineReadableZone Create(MrzFormat format, MrzData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var code = Field(data.DocumentCode, 2, nameof(data.DocumentCode));
        var state = Field(data.IssuingState, 3, nameof(data.IssuingState));
        var nationality = Field(data.Nationality, 3, nameof(data.Nationality));
        var birth = Field(data.DateOfBirth, 6, nameof(data.DateOfBirth));
        var expiry = Field(data.DateOfExpiry, 6, nameof(data.DateOfExpiry));
        var sex = Field(data.Sex == "X" ? "<" : data.Sex, 1, nameof(data.Sex));
        var number = Clean(data.DocumentNumber);
        string[] lines;
        switch (format)
        {
            case MrzFormat.Td3:
            case MrzFormat.MrvA:
            case MrzFormat.Td2:
            case MrzFormat.MrvB:
            {
                var width = format is MrzFormat.Td3 or MrzFormat.MrvA ? 44 : 36;
                var line1 = code + state + Name(data, width - 5);
                var optionalWidth = format switch { MrzFormat.Td3 => 14, MrzFormat.MrvA => 16, MrzFormat.Td2 => 7, _ => 8 };
                string numberField;
                string optional;
                if (number.Length <= 9)
                {
                    numberField = Pad(number, 9) + MrzCheckDigit.ComputeChar(Pad(number, 9));
                    optional = Field(data.OptionalData1, optionalWidth, nameof(data.OptionalData1));
                }
                else if (format == MrzFormat.Td2)
                {
                    numberField = number[..9] + "<";
                    optional = Field(number[9..] + MrzCheckDigit.ComputeChar(number) + Clean(data.OptionalData1), optionalWidth, nameof(data.DocumentNumber));
                }
                else
                {
                    throw new ArgumentException($"{format} holds document numbers of at most 9 characters.", nameof(data));
                }

                var line2 = numberField + nationality + birth + MrzCheckDigit.ComputeChar(birth) + sex + expiry + MrzCheckDigit.ComputeChar(expiry) + optional;
                if (format == MrzFormat.Td3)
                {
                    line2 += optional.All(c => c == '<') ? '<' : MrzCheckDigit.ComputeChar(optional);
                }

                if (format is MrzFormat.Td3 or MrzFormat.Td2)
                {
                    line2 += MrzCheckDigit.ComputeChar(line2[..10] + line2[13..20] + line2[21..]);
                }

                lines = [line1, line2];
                break;
            }

            case MrzFormat.Td1:
            {
                string numberAndOptional;
                if (number.Length <= 9)
                {
                    numberAndOptional = Pad(number, 9) + MrzCheckDigit.ComputeChar(Pad(number, 9)) + Field(data.OptionalData1, 15, nameof(data.OptionalData1));
                }
                else
                {
                    numberAndOptional = number[..9] + "<" + Field(number[9..] + MrzCheckDigit.ComputeChar(number) + "<" + Clean(data.OptionalData1), 15, nameof(data.DocumentNumber));
                }

                var line1 = code + state + numberAndOptional;
                var line2 = birth + MrzCheckDigit.ComputeChar(birth) + sex + expiry + MrzCheckDigit.ComputeChar(expiry) + nationality + Field(data.OptionalData2, 11, nameof(data.OptionalData2));
                line2 += MrzCheckDigit.ComputeChar(line1[5..] + line2[..7] + line2[8..15] + line2[18..29]);
                lines = [line1, line2, Name(data, 30)];
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown MRZ format.");
        }

        return Parse(lines);
    }

    /// <summary>Maps Germany's one-letter code to ISO 3166-1 alpha-3 (<c>D</c> → <c>DEU</c>); other codes are returned as they are.</summary>
    public static string ToAlpha3(string code) => code == "D" ? "DEU" : code;

    private static MachineReadableZone ParseLong(string line1, string line2, MrzFormat format)
    {
        var checks = new List<MrzCheckResult>();
        var optionalEnd = format switch { MrzFormat.Td3 => 42, MrzFormat.MrvA => 44, MrzFormat.Td2 => 35, _ => 36 };
        var optionalRaw = line2[28..optionalEnd];
        string number;
        if (format is MrzFormat.Td2 or MrzFormat.MrvB && line2[9] == '<' && line2[..9].IndexOf('<', StringComparison.Ordinal) < 0 && optionalRaw[0] != '<')
        {
            // Long document number (Part 6 section 4.2.4): the rest and its check digit are at the start of the optional data.
            var end = optionalRaw.IndexOf('<', StringComparison.Ordinal);
            end = end < 0 ? optionalRaw.Length : end;
            var rest = optionalRaw[..(end - 1)];
            number = line2[..9] + rest;
            checks.Add(Check("documentNumber", number, optionalRaw[end - 1]));
            optionalRaw = optionalRaw[end..];
        }
        else
        {
            number = line2[..9];
            checks.Add(Check("documentNumber", number, line2[9]));
        }

        checks.Add(Check("dateOfBirth", line2[13..19], line2[19]));
        checks.Add(Check("dateOfExpiry", line2[21..27], line2[27]));
        if (format == MrzFormat.Td3)
        {
            checks.Add(Check("optionalData", line2[28..42], line2[42], fillerAllowed: true));
        }

        if (format is MrzFormat.Td3 or MrzFormat.Td2)
        {
            checks.Add(Check("composite", line2[..10] + line2[13..20] + line2[21..(line2.Length - 1)], line2[^1]));
        }

        var (primary, secondary) = SplitName(line1[5..]);
        var data = new MrzData
        {
            DocumentCode = Strip(line1[..2]),
            IssuingState = Strip(line1[2..5]),
            PrimaryIdentifier = primary,
            SecondaryIdentifier = secondary,
            DocumentNumber = Strip(number),
            Nationality = Strip(line2[10..13]),
            DateOfBirth = line2[13..19],
            Sex = line2[20..21],
            DateOfExpiry = line2[21..27],
            OptionalData1 = Strip(optionalRaw),
        };
        return new MachineReadableZone(format, [line1, line2], data, checks);
    }

    private static MachineReadableZone ParseTd1(string line1, string line2, string line3)
    {
        var checks = new List<MrzCheckResult>();
        var optional1 = line1[15..30];
        string number;
        if (line1[14] == '<' && line1[5..14].IndexOf('<', StringComparison.Ordinal) < 0 && optional1[0] != '<')
        {
            // Long document number (Part 5 section 4.2.4, note j).
            var end = optional1.IndexOf('<', StringComparison.Ordinal);
            end = end < 0 ? optional1.Length : end;
            number = line1[5..14] + optional1[..(end - 1)];
            checks.Add(Check("documentNumber", number, optional1[end - 1]));
            optional1 = optional1[end..];
        }
        else
        {
            number = line1[5..14];
            checks.Add(Check("documentNumber", number, line1[14]));
        }

        checks.Add(Check("dateOfBirth", line2[..6], line2[6]));
        checks.Add(Check("dateOfExpiry", line2[8..14], line2[14]));
        checks.Add(Check("composite", line1[5..30] + line2[..7] + line2[8..15] + line2[18..29], line2[29]));
        var (primary, secondary) = SplitName(line3);
        var data = new MrzData
        {
            DocumentCode = Strip(line1[..2]),
            IssuingState = Strip(line1[2..5]),
            PrimaryIdentifier = primary,
            SecondaryIdentifier = secondary,
            DocumentNumber = Strip(number),
            Nationality = Strip(line2[15..18]),
            DateOfBirth = line2[..6],
            Sex = line2[7..8],
            DateOfExpiry = line2[8..14],
            OptionalData1 = Strip(optional1),
            OptionalData2 = Strip(line2[18..29]),
        };
        return new MachineReadableZone(MrzFormat.Td1, [line1, line2, line3], data, checks);
    }

    private static MrzFieldProblem[] DateProblems(MrzData data)
    {
        var problems = new List<MrzFieldProblem>(2);

        // Part 3 section 4.4: a date of birth may be wholly or partly unknown (fillers); a date of expiry may not.
        if (MrzDates.CalendarDateProblem(data.DateOfBirth, unknownPartsAllowed: true) is { } birth)
        {
            problems.Add(new("dateOfBirth", "mrz.date-of-birth-invalid", "Date of birth " + birth));
        }

        if (MrzDates.CalendarDateProblem(data.DateOfExpiry, unknownPartsAllowed: false) is { } expiry)
        {
            problems.Add(new("dateOfExpiry", "mrz.date-of-expiry-invalid", "Date of expiry " + expiry));
        }

        return [.. problems];
    }

    private static MrzFieldProblem[] CodeWarnings(MrzData data)
    {
        var warnings = new List<MrzFieldProblem>(2);
        if (!MrzCountryCodes.IsKnown(data.IssuingState))
        {
            warnings.Add(new("issuingState", "mrz.issuing-state-unknown", $"Issuing State '{data.IssuingState}' is not a Doc 9303 Part 3 code."));
        }

        if (!MrzCountryCodes.IsKnown(data.Nationality))
        {
            warnings.Add(new("nationality", "mrz.nationality-unknown", $"Nationality '{data.Nationality}' is not a Doc 9303 Part 3 code."));
        }

        return [.. warnings];
    }

    private static MrzCheckResult Check(string field, string value, char printed, bool fillerAllowed = false)
    {
        var computed = MrzCheckDigit.Compute(value) is { } d ? (char?)(char)('0' + d) : null;
        var valid = computed == printed || (fillerAllowed && printed == '<' && value.All(c => c == '<'));
        return new MrzCheckResult(field, printed, computed, valid);
    }

    private static (string Primary, string Secondary) SplitName(string field)
    {
        var trimmed = field.TrimEnd('<');
        var separator = trimmed.IndexOf("<<", StringComparison.Ordinal);
        var primary = separator < 0 ? trimmed : trimmed[..separator];
        var secondary = separator < 0 ? string.Empty : trimmed[(separator + 2)..];
        return (primary.Replace('<', ' ').Trim(), secondary.Replace('<', ' ').Trim());
    }

    private static string Strip(string value) => value.TrimEnd('<');

    private static string Name(MrzData data, int width)
    {
        var primary = Clean(data.PrimaryIdentifier);
        var secondary = Clean(data.SecondaryIdentifier);
        var name = secondary.Length > 0 ? primary + "<<" + secondary : primary;

        // Truncation (Part 3 section 4.6): cut the secondary identifier first, never below one character.
        if (name.Length > width)
        {
            name = name[..width];
        }

        return Pad(name, width);
    }

    private static string Field(string value, int width, string name)
    {
        var clean = Clean(value);
        if (clean.Length > width)
        {
            throw new ArgumentException($"{name} '{value}' is longer than {width} characters.", nameof(value));
        }

        return Pad(clean, width);
    }

    private static string Pad(string value, int width) => value.PadRight(width, '<');

    private static string Clean(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var raw in value.ToUpperInvariant())
        {
            var c = raw;
            if (c == '\'')
            {
                continue; // apostrophes are omitted (Part 3 section 6.A)
            }

            if (c is ' ' or '-' or ',' or '.')
            {
                c = '<';
            }

            if (MrzCheckDigit.ValueOf(c) < 0)
            {
                throw new ArgumentException($"'{raw}' cannot be written in an MRZ; transliterate it first (Part 3 section 6).", nameof(value));
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
