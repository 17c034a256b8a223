using Credentials.Pkd.Application;

namespace Credentials.Pkd.Tests;

public sealed class SyncScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 7, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("6h", 21600)]
    [InlineData("1d", 86400)]
    [InlineData("06:00:00", 21600)]
    public void TryParse_Interval_ParsesSeconds(string text, int seconds)
    {
        Assert.True(SyncSchedule.TryParse(text, out var schedule, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), schedule!.Interval);
    }

    [Theory]
    [InlineData("")]
    [InlineData("6x")]
    [InlineData("every day")]
    [InlineData("0s")]
    [InlineData("* * *")]
    public void TryParse_Invalid_ReturnsFalseWithError(string text)
    {
        Assert.False(SyncSchedule.TryParse(text, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Next_IntervalNeverRun_IsDueAtStart()
    {
        Assert.True(SyncSchedule.TryParse("6h", out var schedule, out _));
        Assert.Equal(Now, schedule!.Next(null, Now));
    }

    [Fact]
    public void Next_IntervalAfterRun_IsLastStartPlusInterval()
    {
        Assert.True(SyncSchedule.TryParse("6h", out var schedule, out _));
        Assert.Equal(Now.AddHours(6), schedule!.Next(Now, Now.AddMinutes(-5)));
    }

    [Fact]
    public void Next_Cron_IsNextOccurrenceInUtc()
    {
        Assert.True(SyncSchedule.TryParse("30 2 * * *", out var schedule, out _));
        Assert.Null(schedule!.Interval);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 2, 30, 0, TimeSpan.Zero), schedule.Next(null, Now));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 2, 30, 0, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 11, 24, 2, 30, 0, TimeSpan.Zero), Now));
    }
}
