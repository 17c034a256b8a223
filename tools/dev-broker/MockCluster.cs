using System.Runtime.InteropServices;
using System.Text;

namespace Credentials.DevBroker;

/// <summary>
/// One librdkafka mock cluster hosted by a producer handle that exists only to own it.
/// </summary>
internal sealed class MockCluster : IDisposable
{
    private const int ErrorBufferSize = 512;

    private readonly IntPtr _handle;
    private IntPtr _cluster;

    private MockCluster(IntPtr handle, IntPtr cluster)
    {
        _handle = handle;
        _cluster = cluster;
    }

    /// <summary>The mock brokers' own listen addresses ("127.0.0.1:port,...").</summary>
    public string Bootstraps =>
        Marshal.PtrToStringUTF8(LibRdKafka.MockClusterBootstraps(_cluster))
        ?? throw new InvalidOperationException("the mock cluster reported no bootstrap address");

    public static MockCluster Start(int brokerCount)
    {
        var errors = new byte[ErrorBufferSize];
        var conf = LibRdKafka.ConfNew();
        // The hosting handle never connects anywhere; keep its log quiet (warnings and errors only).
        if (LibRdKafka.ConfSet(conf, "log_level", "4", errors, ErrorBufferSize) != LibRdKafka.ConfOk)
        {
            LibRdKafka.ConfDestroy(conf);
            throw new InvalidOperationException("rd_kafka_conf_set(log_level): " + Text(errors));
        }

        var handle = LibRdKafka.New(LibRdKafka.ProducerType, conf, errors, ErrorBufferSize);
        if (handle == IntPtr.Zero)
        {
            LibRdKafka.ConfDestroy(conf);
            throw new InvalidOperationException("rd_kafka_new: " + Text(errors));
        }

        var cluster = LibRdKafka.MockClusterNew(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            LibRdKafka.Destroy(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        return new MockCluster(handle, cluster);
    }

    public void CreateTopic(string topic, int partitions, int replicationFactor)
    {
        var err = LibRdKafka.MockTopicCreate(_cluster, topic, partitions, replicationFactor);
        if (err != 0)
        {
            throw new InvalidOperationException($"creating topic '{topic}': {LibRdKafka.Describe(err)}");
        }
    }

    /// <summary>Makes Metadata responses advertise <paramref name="host"/>:<paramref name="port"/> for a broker.</summary>
    public void Advertise(int brokerId, string host, int port) =>
        LibRdKafka.MockBrokerSetHostPort(_cluster, brokerId, host, port);

    /// <summary>
    /// Takes a broker down (every client connection closed, new ones refused) or up again. The in-memory log and the
    /// committed offsets stay, as with a Kafka broker that restarts from its disk (scripts/infra stop|start kafka).
    /// </summary>
    public void SetBrokerUp(int brokerId, bool up)
    {
        var err = up ? LibRdKafka.MockBrokerSetUp(_cluster, brokerId) : LibRdKafka.MockBrokerSetDown(_cluster, brokerId);
        if (err != 0)
        {
            throw new InvalidOperationException($"setting broker {brokerId} {(up ? "up" : "down")}: {LibRdKafka.Describe(err)}");
        }
    }

    public void Dispose()
    {
        if (_cluster == IntPtr.Zero)
        {
            return;
        }

        LibRdKafka.MockClusterDestroy(_cluster);
        _cluster = IntPtr.Zero;
        LibRdKafka.Destroy(_handle);
    }

    private static string Text(byte[] buffer)
    {
        var length = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }
}
