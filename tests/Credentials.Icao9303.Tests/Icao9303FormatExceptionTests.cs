namespace Credentials.Icao9303.Tests;

public sealed class Icao9303FormatExceptionTests
{
    [Fact]
    public void Constructor_WithReason_KeepsReasonAndMessage()
    {
        var ex = new Icao9303FormatException("sod.trailing-data", "Trailing bytes after EF.SOD.");
        Assert.Equal("sod.trailing-data", ex.Reason);
        Assert.Equal("Trailing bytes after EF.SOD.", ex.Message);
    }
}
