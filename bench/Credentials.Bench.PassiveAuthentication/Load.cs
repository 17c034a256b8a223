namespace Credentials.Bench.PassiveAuthentication;

/// <summary>The machine's load averages (<c>/proc/loadavg</c>), printed next to every figure.</summary>
internal static class Load
{
    public static string Average()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{fields[0]} {fields[1]} {fields[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
