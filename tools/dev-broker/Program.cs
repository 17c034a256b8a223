using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Credentials.DevBroker;

// dev-broker: hosts librdkafka's mock cluster (a Kafka wire-protocol broker, in memory) on 127.0.0.1 for local
// development and tests. It pre-creates the topics it is given, prints and optionally writes its bootstrap
// address, and runs until SIGTERM or SIGINT. Not for production: no TLS, no SASL, no persistence (INFRA.md).
DevBrokerOptions options;
try
{
    options = DevBrokerOptions.Parse(args, Environment.GetEnvironmentVariable(DevBrokerOptions.TopicsVariable));
}
catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("dev-broker: " + exception.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);

// SIGUSR1 takes the broker down (clients disconnected, connections refused), SIGUSR2 brings it back; the data stays.
// Raw signal numbers are Linux's (signal(7)).
const PosixSignal SignalUser1 = (PosixSignal)10;
const PosixSignal SignalUser2 = (PosixSignal)12;
MockCluster? running = null;
using var onUser1 = PosixSignalRegistration.Create(SignalUser1, context => SetBroker(context, up: false));
using var onUser2 = PosixSignalRegistration.Create(SignalUser2, context => SetBroker(context, up: true));

LibRdKafka.RegisterResolver();
const int BrokerId = 1;
using var cluster = MockCluster.Start(brokerCount: 1);
running = cluster;
foreach (var topic in options.Topics)
{
    cluster.CreateTopic(topic, options.Partitions, replicationFactor: 1);
}

// The mock listens on a random port. With --port 0 (what scripts/infra uses: it reads the address from the bootstrap
// file) clients talk to that port directly. With a fixed --port, a forwarder listens there and Metadata advertises
// it, so the address survives a restart of this process; every byte then crosses the forwarder's two sockets, which
// cost about as much CPU as the mock itself (docs/benchmarks.md, "Dev broker without the forwarder").
var mockAddress = cluster.Bootstraps.Split(',')[0];
var mockEndPoint = IPEndPoint.Parse(mockAddress);
using var forwarder = options.Port == 0 ? null : new TcpForwarder(new IPEndPoint(IPAddress.Loopback, options.Port), mockEndPoint);
if (forwarder is not null)
{
    try
    {
        forwarder.Start();
    }
    catch (System.Net.Sockets.SocketException exception)
    {
        Console.Error.WriteLine($"dev-broker: cannot listen on 127.0.0.1:{options.Port}: {exception.Message}");
        return 1;
    }

    cluster.Advertise(BrokerId, "127.0.0.1", forwarder.Port);
}

var bootstrap = forwarder is null
    ? mockAddress
    : string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{forwarder.Port}");
if (options.BootstrapFile is { } file)
{
    // Write then rename, so a reader never sees a partial address.
    var temporary = file + ".tmp";
    await File.WriteAllTextAsync(temporary, bootstrap + "\n", stop.Token);
    File.Move(temporary, file, overwrite: true);
}

Console.WriteLine(
    $"dev-broker: librdkafka {LibRdKafka.Version()} mock cluster listening on {bootstrap} (mock port {mockEndPoint.Port}{(forwarder is null ? "" : ", forwarded")}); "
    + $"{options.Topics.Count} topic(s) pre-created with {options.Partitions} partition(s): {string.Join(' ', options.Topics)}");

if (forwarder is not null)
{
    await forwarder.RunAsync(stop.Token);
}
else
{
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        // SIGTERM or SIGINT.
    }
}

Console.WriteLine("dev-broker: stopped");
return 0;

void SetBroker(PosixSignalContext context, bool up)
{
    context.Cancel = true;
    if (running is { } mock)
    {
        mock.SetBrokerUp(BrokerId, up);
        Console.WriteLine(up ? "dev-broker: broker up (SIGUSR2)" : "dev-broker: broker down (SIGUSR1): connections refused until SIGUSR2");
    }
}

void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
