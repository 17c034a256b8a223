namespace Credentials.IntegrationTests.Faults;

/// <summary>
/// One fault: its name in the report, the service it kills (null when it kills none), and the injection, which
/// returns the <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the fault was lifted and, for a killed
/// service, the time from the kill until it served again.
/// </summary>
internal sealed record Fault(string Name, string? Killed, Func<CancellationToken, Task<(long Lifted, TimeSpan? ServingAgain)>> Inject);
