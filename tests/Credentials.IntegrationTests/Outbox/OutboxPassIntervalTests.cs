using Credentials.IntegrationTests.Stack;
using Credentials.Outbox.Postgres;

namespace Credentials.IntegrationTests.Outbox;

/// <summary>
/// <see cref="OutboxOptions.MinPassInterval"/>: a relay that has caught up lets the rows of further commits gather
/// until the interval since its last pass has passed; a full pass (a backlog) starts the next at once. The relay's
/// clock here moves only when the test advances it, so neither behaviour depends on the machine's speed.
/// </summary>
public sealed class OutboxPassIntervalTests
{
    [Fact]
    public async Task Relay_CaughtUp_PublishesNewCommitsOnlyOnceTheIntervalSinceItsLastPassHasPassed()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, o =>
        {
            o.MinPassInterval = TimeSpan.FromMilliseconds(500);
            o.PollInterval = TimeSpan.FromMinutes(10);
        }, ct);
        var random = new Random(5);
        await harness.WriteAsync(1, 1, 2, random, 0, ct);
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddMinutes(1));
        using var publisher = harness.CreatePublisher();
        using var relay = harness.CreateRelay(publisher, clock);
        await relay.StartAsync(ct);
        try
        {
            // The first pass publishes at once what was waiting: nothing came before it to gather behind.
            Assert.Equal(1, await harness.WaitForSentAsync(1, TimeSpan.FromSeconds(20), ct));
            await WaitForListenAsync(harness, ct);

            // These commits wake the relay, which lets them gather until 500 ms after its first pass began.
            await harness.WriteAsync(3, 2, 2, random, 0, ct);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            Assert.Equal(1, await SentAsync(harness, ct));

            clock.Advance(TimeSpan.FromMilliseconds(499));
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            Assert.Equal(1, await SentAsync(harness, ct));

            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(7, await harness.WaitForSentAsync(7, TimeSpan.FromSeconds(20), ct));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Relay_WithABacklog_StartsEachPassAfterAFullOneWithoutWaiting()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await OutboxHarness.CreateAsync(stack, stack.KafkaBootstrap, o =>
        {
            o.BatchSize = 20;
            o.MinPassInterval = TimeSpan.FromSeconds(1);
            o.PollInterval = TimeSpan.FromMinutes(10);
        }, ct);
        await harness.WriteAsync(10, 20, 7, new Random(6), 0, ct);

        // The clock never moves: any wait between passes would stop the relay after its first 20 rows.
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddMinutes(1));
        using var publisher = harness.CreatePublisher();
        using var relay = harness.CreateRelay(publisher, clock);
        await relay.StartAsync(ct);
        try
        {
            Assert.Equal(200, await harness.WaitForSentAsync(200, TimeSpan.FromSeconds(30), ct));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    private static Task<long> SentAsync(OutboxHarness harness, CancellationToken cancellationToken) =>
        harness.ScalarAsync("SELECT count(*) FROM {schema}.outbox_messages WHERE sent_at IS NOT NULL", cancellationToken);

    private static async Task WaitForListenAsync(OutboxHarness harness, CancellationToken cancellationToken)
    {
        var channel = OutboxSchema.NotificationChannelOf(harness.Schema);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await harness.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN \"{channel}\"'", cancellationToken) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the relay never listened");
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>A clock that moves only when <see cref="Advance"/> is called; its timers fire then.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private readonly Lock _gate = new();
        private readonly List<ManualTimer> _timers = [];
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        public void Advance(TimeSpan by)
        {
            List<ManualTimer> due;
            lock (_gate)
            {
                _ticks += by.Ticks;
                due = _timers.Where(t => t.DueTicks <= _ticks).ToList();
                foreach (var timer in due)
                {
                    _timers.Remove(timer);
                }
            }

            foreach (var timer in due)
            {
                timer.Fire();
            }
        }

        private void Schedule(ManualTimer timer, TimeSpan dueTime)
        {
            lock (_gate)
            {
                _timers.Remove(timer);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    timer.DueTicks = _ticks + dueTime.Ticks;
                    _timers.Add(timer);
                }
            }
        }

        private void Cancel(ManualTimer timer)
        {
            lock (_gate)
            {
                _timers.Remove(timer);
            }
        }

        /// <summary>One-shot timers are all the relay's waits need; a period is ignored.</summary>
        private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
        {
            public long DueTicks { get; set; }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                clock.Schedule(this, dueTime);
                return true;
            }

            public void Fire() => callback(state);

            public void Dispose() => clock.Cancel(this);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
