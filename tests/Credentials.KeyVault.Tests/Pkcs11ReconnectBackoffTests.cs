using Credentials.KeyVault.Pkcs11;

namespace Credentials.KeyVault.Tests;

public sealed class Pkcs11ReconnectBackoffTests
{
    [Fact]
    public void CanAttempt_BeforeAnyFailure_IsTrue()
    {
        var backoff = new Pkcs11ReconnectBackoff(new ManualTime());

        Assert.True(backoff.CanAttempt);
        Assert.Equal(TimeSpan.Zero, backoff.Remaining);
    }

    [Fact]
    public void Failed_Repeatedly_WaitsDoublingFrom250MsUpTo2Seconds()
    {
        var time = new ManualTime();
        var backoff = new Pkcs11ReconnectBackoff(time);
        var waits = new List<TimeSpan>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            backoff.Failed();
            waits.Add(backoff.Remaining);
            time.Advance(backoff.Remaining - TimeSpan.FromMilliseconds(1));
            Assert.False(backoff.CanAttempt);
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(backoff.CanAttempt);
        }

        Assert.Equal([250, 500, 1000, 2000, 2000, 2000], waits.Select(w => (int)Math.Round(w.TotalMilliseconds)));
    }

    [Fact]
    public void Succeeded_AfterFailures_NextLossIsTriedAtOnceAndWaitRestartsAt250Ms()
    {
        var time = new ManualTime();
        var backoff = new Pkcs11ReconnectBackoff(time);
        backoff.Failed();
        backoff.Failed();
        backoff.Failed();

        backoff.Succeeded();

        Assert.True(backoff.CanAttempt);
        backoff.Failed();
        Assert.Equal(250, (int)Math.Round(backoff.Remaining.TotalMilliseconds));
    }

    /// <summary>A clock that only moves when told to.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
