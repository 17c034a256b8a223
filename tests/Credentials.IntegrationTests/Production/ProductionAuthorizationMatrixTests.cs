using System.Reflection;
using System.Text.Json;
using Credentials.IntegrationTests.Services;
using Credentials.ServiceDefaults.Authorization;
using Grpc.Core;
using Google.Protobuf.Reflection;

namespace Credentials.IntegrationTests.Production;

/// <summary>
/// Issue 15 item 5: with the six services in Production mode, every identity of the dev mTLS PKI calls every RPC of
/// the suite from the client side, and the answer is PERMISSION_DENIED exactly when the service's access-policy.json
/// denies it. The request is an empty message (invalid for most RPCs): "served" is any other status — the call got
/// past authorization into validation or the handler.
/// </summary>
[Collection(ProductionSuiteCollection.Name)]
public sealed class ProductionAuthorizationMatrixTests(ProductionSuiteFixture suite)
{
    /// <summary>Client identities of scripts/lib/stack-pki.sh.</summary>
    private static readonly string[] Identities =
    [
        "admin", "auditor", "csca", "document-signer", "dtc", "ledger", "personalisation", "pkd", "relying-party", "tests", "trust-anchor",
    ];

    private static readonly Dictionary<string, (string Short, string Folder)> Services = new(StringComparer.Ordinal)
    {
        [Contracts.Csca.V1.CscaService.Descriptor.FullName] = ("csca", "Credentials.Csca"),
        [Contracts.DocumentSigner.V1.DocumentSignerService.Descriptor.FullName] = ("document-signer", "Credentials.DocumentSigner"),
        [Contracts.Dtc.V1.DtcService.Descriptor.FullName] = ("dtc", "Credentials.Dtc"),
        [Contracts.TrustAnchor.V1.TrustAnchorService.Descriptor.FullName] = ("trust-anchor", "Credentials.TrustAnchor"),
        [Contracts.Pkd.V1.PkdService.Descriptor.FullName] = ("pkd", "Credentials.Pkd"),
        [Contracts.Ledger.V1.LedgerService.Descriptor.FullName] = ("ledger", "Credentials.Ledger"),
    };

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static b => b, static b => b);

    [Fact]
    public async Task EveryIdentityEveryRpc_ProductionMode_PermissionDeniedExactlyAsPolicyFileSays()
    {
        suite.RequireStack();
        var ct = TestContext.Current.CancellationToken;
        var mismatches = new List<string>();
        var calls = 0;
        foreach (var identity in Identities)
        {
            using var tls = suite.ClientTls(identity);
            foreach (var (serviceName, (shortName, folder)) in Services)
            {
                var policy = new CallerAuthorizationPolicy(LoadRules(folder), isDevelopment: false);
                using var channel = suite.Channel(shortName, tls);
                foreach (var method in Descriptor(serviceName).Methods)
                {
                    var path = $"/{serviceName}/{method.Name}";
                    var expectedAllowed = policy.IsAllowed(path, identity);
                    var status = await CallAsync(channel.CreateCallInvoker(), serviceName, method, ct);
                    calls++;
                    var denied = status is StatusCode.PermissionDenied or StatusCode.Unauthenticated;
                    if (denied == expectedAllowed)
                    {
                        mismatches.Add($"{identity} -> {path}: {status}, policy says {(expectedAllowed ? "allowed" : "denied")}");
                    }
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage($"{calls} calls ({Identities.Length} identities x every RPC) in Production mode");
        Assert.True(calls >= Identities.Length * 30, $"only {calls} calls");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static ServiceDescriptor Descriptor(string serviceName) => serviceName switch
    {
        _ when serviceName == Contracts.Csca.V1.CscaService.Descriptor.FullName => Contracts.Csca.V1.CscaService.Descriptor,
        _ when serviceName == Contracts.DocumentSigner.V1.DocumentSignerService.Descriptor.FullName => Contracts.DocumentSigner.V1.DocumentSignerService.Descriptor,
        _ when serviceName == Contracts.Dtc.V1.DtcService.Descriptor.FullName => Contracts.Dtc.V1.DtcService.Descriptor,
        _ when serviceName == Contracts.TrustAnchor.V1.TrustAnchorService.Descriptor.FullName => Contracts.TrustAnchor.V1.TrustAnchorService.Descriptor,
        _ when serviceName == Contracts.Pkd.V1.PkdService.Descriptor.FullName => Contracts.Pkd.V1.PkdService.Descriptor,
        _ => Contracts.Ledger.V1.LedgerService.Descriptor,
    };

    /// <summary>Calls <paramref name="method"/> with an empty request message and returns the final status.</summary>
    private static async Task<StatusCode> CallAsync(CallInvoker invoker, string serviceName, MethodDescriptor method, CancellationToken ct)
    {
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var grpcMethod = new Method<byte[], byte[]>(type, serviceName, method.Name, Bytes, Bytes);
        // Short deadline: an allowed stream (WatchUpdates) may stay open; DEADLINE_EXCEEDED then counts as served.
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(grpcMethod, null, options, []);
                    break;
                case MethodType.ServerStreaming:
                {
                    using var call = invoker.AsyncServerStreamingCall(grpcMethod, null, options, []);
                    while (await call.ResponseStream.MoveNext(ct))
                    {
                    }

                    break;
                }

                default:
                {
                    using var call = invoker.AsyncDuplexStreamingCall(grpcMethod, null, options);
                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(ct))
                    {
                    }

                    break;
                }
            }

            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    private static CallerAuthorizationOptions LoadRules(string serviceFolder)
    {
        var root = typeof(ProductionAuthorizationMatrixTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "services", serviceFolder, "access-policy.json")));
        var rules = document.RootElement.GetProperty("Authorization").GetProperty("Rules")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(), StringComparer.Ordinal);
        return new CallerAuthorizationOptions { Rules = rules };
    }
}
