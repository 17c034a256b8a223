using Credentials.Outbox.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Credentials.Outbox.Tests;

/// <summary>A <see cref="KafkaOptionsValidator"/> for an environment name and configuration values.</summary>
internal static class KafkaValidation
{
    public static KafkaOptionsValidator Validator(string environmentName, params (string Key, string Value)[] settings) =>
        new(HostEnvironment(environmentName), new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    public static IHostEnvironment HostEnvironment(string environmentName) => new Environment(environmentName);

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
