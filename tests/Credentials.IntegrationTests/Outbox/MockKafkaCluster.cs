using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Credentials.IntegrationTests.Outbox;

/// <summary>
/// A private librdkafka mock cluster in this process, for the one test that takes the broker down: the shared dev
/// broker must stay up for everyone else. Bound through <see cref="NativeLibrary"/> exports (no DllImport, so no
/// resolver to register), using the centos8 build of librdkafka on Debian 12 (INFRA.md).
/// </summary>
internal sealed class MockKafkaCluster : IDisposable
{
    private delegate IntPtr ConfNew();

    private delegate IntPtr New(int type, IntPtr conf, byte[] errstr, nuint size);

    private delegate void Destroy(IntPtr handle);

    private delegate IntPtr ClusterNew(IntPtr handle, int brokers);

    private delegate IntPtr ClusterBootstraps(IntPtr cluster);

    private delegate int BrokerSet(IntPtr cluster, int brokerId);

    private readonly IntPtr _library;
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private readonly BrokerSet _setDown;
    private readonly BrokerSet _setUp;
    private readonly ClusterNew _clusterNew;

    public MockKafkaCluster()
    {
        _library = LoadLibrdkafka();
        var confNew = Export<ConfNew>("rd_kafka_conf_new");
        var create = Export<New>("rd_kafka_new");
        _clusterNew = Export<ClusterNew>("rd_kafka_mock_cluster_new");
        _setDown = Export<BrokerSet>("rd_kafka_mock_broker_set_down");
        _setUp = Export<BrokerSet>("rd_kafka_mock_broker_set_up");
        var errors = new byte[512];
        _handle = create(0, confNew(), errors, (nuint)errors.Length);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_new: " + Encoding.UTF8.GetString(errors).TrimEnd('\0'));
        }

        _cluster = _clusterNew(_handle, 1);
        if (_cluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        Bootstrap = Marshal.PtrToStringUTF8(Export<ClusterBootstraps>("rd_kafka_mock_cluster_bootstraps")(_cluster))
            ?? throw new InvalidOperationException("no bootstrap address");
    }

    public string Bootstrap { get; }

    /// <summary>Disconnects broker 1 and refuses new connections.</summary>
    public void BrokerDown() => Check(_setDown(_cluster, 1), "set_down");

    public void BrokerUp() => Check(_setUp(_cluster, 1), "set_up");

    public void Dispose()
    {
        Export<Destroy>("rd_kafka_mock_cluster_destroy")(_cluster);
        Export<Destroy>("rd_kafka_destroy")(_handle);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_broker_{what} failed with {error}");
        }
    }

    private static IntPtr LoadLibrdkafka()
    {
        var baseDirectory = Path.GetDirectoryName(typeof(Confluent.Kafka.Library).Assembly.Location) ?? AppContext.BaseDirectory;
        var native = Path.Combine(baseDirectory, "runtimes", "linux-x64", "native");
        foreach (var candidate in new[] { Path.Combine(native, "librdkafka.so"), Path.Combine(native, "centos8-librdkafka.so") })
        {
            if (NativeLibrary.TryLoad(candidate, out var handle) && NativeLibrary.TryGetExport(handle, "rd_kafka_mock_cluster_new", out _))
            {
                return handle;
            }
        }

        throw new DllNotFoundException("librdkafka with the mock cluster could not be loaded from " + native);
    }

    private T Export<T>(string name)
        where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(_library, name));
}
