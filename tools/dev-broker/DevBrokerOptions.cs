using System.Globalization;

namespace Credentials.DevBroker;

/// <summary>
/// Command line of the dev broker:
/// <c>dev-broker [--port N] [--bootstrap-file PATH] [--topics-file PATH]... [--topics a,b,...] [--partitions N]</c>.
/// Topics also come from the environment variable <c>CRED_DEV_BROKER_TOPICS</c> (comma or whitespace separated).
/// </summary>
internal sealed class DevBrokerOptions
{
    public const string TopicsVariable = "CRED_DEV_BROKER_TOPICS";

    public int Port { get; private set; }

    public string? BootstrapFile { get; private set; }

    /// <summary>
    /// Partitions per pre-created topic. The mock keeps at most 5 MiB (and 100,000 produce batches) per partition and
    /// deletes the oldest beyond that, read or not (rdkafka_mock.c): 16 partitions hold about 80 MiB per topic, some
    /// 100,000 credential events, more than any backlog the tests and benchmarks build (a 30-s broker outage under
    /// signing load leaves 15–60 thousand). With 3, such a backlog was deleted before the ledger read it.
    /// </summary>
    public int Partitions { get; private set; } = 16;

    public IReadOnlyList<string> Topics { get; private set; } = [];

    public static string Usage =>
        "usage: dev-broker [--port N (0 = any free port)] [--bootstrap-file PATH] [--topics-file PATH]... "
        + "[--topics a,b,...] [--partitions N]; topics also from $" + TopicsVariable;

    public static DevBrokerOptions Parse(IReadOnlyList<string> args, string? topicsFromEnvironment)
    {
        var options = new DevBrokerOptions();
        var topics = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                throw new ArgumentException(Usage);
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"missing value after {name}. {Usage}");
            }

            var value = args[++i];
            switch (name)
            {
                case "--port":
                    options.Port = ParseInt(name, value, 0, 65535);
                    break;
                case "--bootstrap-file":
                    options.BootstrapFile = value;
                    break;
                case "--partitions":
                    options.Partitions = ParseInt(name, value, 1, 1000);
                    break;
                case "--topics":
                    topics.AddRange(Split(value));
                    break;
                case "--topics-file":
                    topics.AddRange(File.ReadLines(value)
                        .Select(line => line.Split('#', 2)[0].Trim())
                        .Where(line => line.Length > 0));
                    break;
                default:
                    throw new ArgumentException($"unknown option {name}. {Usage}");
            }
        }

        if (!string.IsNullOrWhiteSpace(topicsFromEnvironment))
        {
            topics.AddRange(Split(topicsFromEnvironment));
        }

        options.Topics = topics.Distinct(StringComparer.Ordinal).ToArray();
        return options;
    }

    private static string[] Split(string value) =>
        value.Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int ParseInt(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number < min || number > max)
        {
            throw new ArgumentException($"{name} expects an integer in [{min}, {max}], got '{value}'");
        }

        return number;
    }
}
