using System.Reflection;

namespace Credentials.Grpc;

/// <summary>
/// The build a Credentials service runs, as it announces it: every response carries the response header
/// <see cref="HeaderName"/> with the informational version of the service's entry assembly (version and, when the
/// build knows it, the source revision). Read by <c>credctl status</c>.
/// </summary>
public static class ServiceVersion
{
    /// <summary>The response header (lowercase, as gRPC metadata keys are).</summary>
    public const string HeaderName = "credentials-version";

    /// <summary>The informational version of an assembly, or <c>unknown</c>.</summary>
    public static string Of(Assembly? assembly) =>
        assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
