namespace Credentials.Pkd.Application;

/// <summary>A source could not be listed or read (run error reason <c>FETCH_FAILED</c>).</summary>
internal sealed class SourceFetchException : Exception
{
    public SourceFetchException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public SourceFetchException()
    {
    }

    public SourceFetchException(string message)
        : base(message)
    {
    }
}
