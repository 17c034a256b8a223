using System.Reflection;
using Credentials.Contracts.Common.V1;
using Google.Protobuf.Reflection;

namespace Credentials.Contracts.Tests;

/// <summary>The protobuf file descriptors generated into Credentials.Contracts, found by reflection.</summary>
internal static class ContractDescriptors
{
    /// <summary>The areas (proto folders) of the suite, each with its C# namespace segment.</summary>
    public static IReadOnlyDictionary<string, string> Areas { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["common"] = "Common",
        ["csca"] = "Csca",
        ["document_signer"] = "DocumentSigner",
        ["dtc"] = "Dtc",
        ["trust_anchor"] = "TrustAnchor",
        ["pkd"] = "Pkd",
        ["ledger"] = "Ledger",
        ["events"] = "Events",
    };

    /// <summary>Every file descriptor of the suite's own protos (google/* imports excluded).</summary>
    public static IReadOnlyList<FileDescriptor> Files { get; } = LoadFiles();

    /// <summary>Every service of the suite.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
        Files.SelectMany(f => f.Services).ToList();

    /// <summary>Every message of the suite, nested ones included.</summary>
    public static IReadOnlyList<MessageDescriptor> Messages { get; } =
        Files.SelectMany(f => f.MessageTypes).SelectMany(Flatten).ToList();

    /// <summary>Every enum of the suite, top-level and nested in messages.</summary>
    public static IReadOnlyList<EnumDescriptor> Enums { get; } =
        Files.SelectMany(f => f.EnumTypes).Concat(Messages.SelectMany(m => m.EnumTypes)).ToList();

    /// <summary>Finds a service by its full name, e.g. <c>credentials.csca.v1.CscaService</c>.</summary>
    public static ServiceDescriptor? FindService(string fullName) =>
        Services.SingleOrDefault(s => s.FullName == fullName);

    /// <summary>Finds a message by its full name.</summary>
    public static MessageDescriptor? FindMessage(string fullName) =>
        Messages.SingleOrDefault(m => m.FullName == fullName);

    private static IEnumerable<MessageDescriptor> Flatten(MessageDescriptor message) =>
        new[] { message }.Concat(message.NestedTypes.SelectMany(Flatten));

    private static List<FileDescriptor> LoadFiles()
    {
        var assembly = typeof(PageRequest).Assembly;
        var files = new List<FileDescriptor>();
        foreach (var type in assembly.GetExportedTypes())
        {
            // Generated "<File>Reflection" holders are static classes with a static Descriptor property.
            if (!(type.IsAbstract && type.IsSealed))
            {
                continue;
            }

            var property = type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static);
            if (property?.PropertyType == typeof(FileDescriptor) && property.GetValue(null) is FileDescriptor file
                && file.Name.StartsWith("credentials/", StringComparison.Ordinal))
            {
                files.Add(file);
            }
        }

        return files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }
}
