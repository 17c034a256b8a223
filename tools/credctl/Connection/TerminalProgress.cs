namespace Credentials.Cli.Connection;

/// <summary>
/// One progress line on standard error, rewritten in place, for long operations (<c>pkd sync --wait</c>): shown only
/// when standard error is a terminal, so piped or redirected output stays clean. Cleared when disposed.
/// </summary>
internal sealed class TerminalProgress : IDisposable
{
    private readonly TextWriter _output;
    private int _width;

    private TerminalProgress(TextWriter output, bool enabled)
    {
        _output = output;
        Enabled = enabled;
    }

    /// <summary>Whether anything is written (standard error is a terminal).</summary>
    public bool Enabled { get; }

    /// <summary>Progress on standard error when it is a terminal; silent otherwise.</summary>
    public static TerminalProgress ForStandardError() => new(Console.Error, !Console.IsErrorRedirected);

    /// <summary>Replaces the progress line.</summary>
    public void Report(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!Enabled)
        {
            return;
        }

        _output.Write('\r' + line.PadRight(_width));
        _width = Math.Max(_width, line.Length);
        _output.Flush();
    }

    /// <summary>Clears the line (once; a second call writes nothing).</summary>
    public void Dispose()
    {
        if (Enabled && _width > 0)
        {
            _output.Write('\r' + new string(' ', _width) + '\r');
            _output.Flush();
            _width = 0;
        }
    }
}
