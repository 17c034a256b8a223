namespace Credentials.Icao9303.Mrz;

/// <summary>
/// The Doc 9303 Part 3 section 4.9 check digit: characters valued 0-9 (digits), 10-35 (A-Z), 0 (filler '&lt;'),
/// weighted 7, 3, 1 repeating, summed, modulo 10.
/// </summary>
public static class MrzCheckDigit
{
    /// <summary>Computes the check digit of <paramref name="field"/>; null when it holds a character outside [0-9A-Z&lt;].</summary>
    public static int? Compute(ReadOnlySpan<char> field)
    {
        ReadOnlySpan<int> weights = [7, 3, 1];
        var sum = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var value = ValueOf(field[i]);
            if (value < 0)
            {
                return null;
            }

            sum += value * weights[i % 3];
        }

        return sum % 10;
    }

    /// <summary>The check digit character of <paramref name="field"/> ('0'..'9').</summary>
    /// <exception cref="ArgumentException">The field holds a character not allowed in an MRZ.</exception>
    public static char ComputeChar(ReadOnlySpan<char> field) =>
        Compute(field) is { } digit ? (char)('0' + digit) : throw new ArgumentException("Field holds characters outside [0-9A-Z<].", nameof(field));

    internal static int ValueOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        '<' => 0,
        _ => -1,
    };
}
