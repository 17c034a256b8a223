using System.Net;
using System.Net.Sockets;

namespace Credentials.DevBroker;

/// <summary>
/// Listens on a fixed loopback port and relays every connection to the mock broker's random port, so the broker
/// keeps a predictable address. Each connection is two byte pumps; closing either side closes both.
/// </summary>
internal sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;

    public TcpForwarder(IPEndPoint listenOn, IPEndPoint target)
    {
        _listener = new TcpListener(listenOn);
        _target = target;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start() => _listener.Start(backlog: 128);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                connections.RemoveAll(task => task.IsCompleted);
                connections.Add(RelayAsync(client, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            _listener.Stop();
        }

        await Task.WhenAll(connections);
    }

    public void Dispose() => _listener.Dispose();

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var upstream = new TcpClient(AddressFamily.InterNetwork))
        {
            try
            {
                client.NoDelay = true;
                upstream.NoDelay = true;
                await upstream.ConnectAsync(_target, cancellationToken);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var clientStream = client.GetStream();
                var upstreamStream = upstream.GetStream();
                var toBroker = PumpAsync(clientStream, upstreamStream, linked.Token);
                var toClient = PumpAsync(upstreamStream, clientStream, linked.Token);
                await Task.WhenAny(toBroker, toClient);
                await linked.CancelAsync();
                await Task.WhenAll(toBroker, toClient);
            }
            catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
            {
                // A peer went away or we are shutting down: the connection simply ends.
            }
        }
    }

    private static async Task PumpAsync(NetworkStream source, NetworkStream destination, CancellationToken cancellationToken)
    {
        try
        {
            await source.CopyToAsync(destination, 81920, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            // Either side closed.
        }
    }
}
