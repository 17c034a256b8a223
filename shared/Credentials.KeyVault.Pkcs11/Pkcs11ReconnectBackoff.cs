namespace Credentials.KeyVault.Pkcs11;

/// <summary>
/// When a lost token may be tried again: the first attempt at once, then after 250 ms, doubling up to 2 s between
/// attempts, so a token that is away is not hammered and callers in between fail fast with the transient error.
/// Not thread-safe: the client uses it under its connect gate.
/// </summary>
internal sealed class Pkcs11ReconnectBackoff(TimeProvider timeProvider)
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(2);

    private long _notBefore;
    private TimeSpan _next = First;
    private bool _waiting;

    /// <summary>True when an attempt may be made now.</summary>
    public bool CanAttempt => !_waiting || timeProvider.GetTimestamp() >= _notBefore;

    /// <summary>How long until the next attempt may be made (zero when it may be made now).</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (CanAttempt)
            {
                return TimeSpan.Zero;
            }

            var remaining = _notBefore - timeProvider.GetTimestamp();
            return TimeSpan.FromSeconds((double)remaining / timeProvider.TimestampFrequency);
        }
    }

    /// <summary>An attempt failed: the next one waits, and the wait after it is twice as long (at most <see cref="Max"/>).</summary>
    public void Failed()
    {
        _notBefore = timeProvider.GetTimestamp() + (long)(_next.TotalSeconds * timeProvider.TimestampFrequency);
        _waiting = true;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Max.Ticks));
    }

    /// <summary>An attempt succeeded: the next loss is tried at once again.</summary>
    public void Succeeded()
    {
        _waiting = false;
        _next = First;
    }
}
