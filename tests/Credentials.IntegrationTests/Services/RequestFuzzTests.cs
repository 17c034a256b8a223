using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Credentials.IntegrationTests.Services;

/// <summary>
/// Issue 9: every RPC of every service, fed random well-formed protobuf requests and random bytes, must answer with a
/// deliberate status (InvalidArgument, NotFound, FailedPrecondition, ...) and never Internal; Unknown only where the
/// framework's own deserializer rejects bytes that are not a message. Seeded, bounded in count.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class RequestFuzzTests(SuiteFixture suite)
{
    private const int MessagesPerMethod = 12;

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static TheoryData<string, string> Methods()
    {
        var data = new TheoryData<string, string>();
        foreach (var (service, descriptor) in ServiceDescriptors())
        {
            foreach (var method in descriptor.Methods)
            {
                data.Add(service, method.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Call_RandomRequests_NeverInternalOrUnknown(string service, string methodName)
    {
        suite.RequireStack();
        var descriptor = ServiceDescriptors().Single(s => s.Service == service).Descriptor;
        var method = descriptor.FindMethodByName(methodName);
        var random = new Random(HashCode.Combine(9303, StableHash(method.FullName)));
        using var tls = suite.ClientTls("admin");
        using var channel = suite.Channel(service, tls);
        var invoker = channel.CreateCallInvoker();
        var grpcMethod = new Method<byte[], byte[]>(Kind(method), descriptor.FullName, method.Name, Bytes, Bytes);

        for (var i = 0; i < MessagesPerMethod; i++)
        {
            // Mostly structured random messages; every fourth is raw random bytes (usually unparseable).
            var raw = i % 4 == 3;
            var payload = raw ? RandomBytes(random, random.Next(0, 64)) : RandomMessage(method.InputType, random, depth: 0).ToByteArray();
            var status = await CallAsync(invoker, grpcMethod, payload);
            Assert.True(status.StatusCode != StatusCode.Internal, $"{method.FullName} #{i} answered Internal: {status.Detail}");
            if (raw && status.StatusCode == StatusCode.Unknown)
            {
                // Bytes that are not a protobuf message fail in grpc-dotnet's deserializer before any of our code
                // (interceptors included) runs; the framework answers Unknown. Nothing else may.
                Assert.Contains("InvalidProtocolBufferException", status.Detail, StringComparison.Ordinal);
                continue;
            }

            Assert.True(status.StatusCode != StatusCode.Unknown, $"{method.FullName} #{i} answered Unknown: {status.Detail}");
        }
    }

    private static async Task<Status> CallAsync(CallInvoker invoker, Method<byte[], byte[]> method, byte[] payload)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, payload);
                    break;
                case MethodType.ServerStreaming:
                {
                    // Read at most a few messages: streams such as WatchUpdates never end by themselves.
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(3));
                    using var call = invoker.AsyncServerStreamingCall(method, null, options.WithCancellationToken(timeout.Token), payload);
                    try
                    {
                        for (var read = 0; read < 3 && await call.ResponseStream.MoveNext(timeout.Token); read++)
                        {
                        }
                    }
                    catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && timeout.IsCancellationRequested)
                    {
                        return Status.DefaultCancelled;
                    }

                    break;
                }

                case MethodType.ClientStreaming:
                {
                    using var call = invoker.AsyncClientStreamingCall(method, null, options);
                    await call.RequestStream.WriteAsync(payload, TestContext.Current.CancellationToken);
                    await call.RequestStream.CompleteAsync();
                    await call.ResponseAsync;
                    break;
                }

                default:
                {
                    using var call = invoker.AsyncDuplexStreamingCall(method, null, options);
                    await call.RequestStream.WriteAsync(payload, TestContext.Current.CancellationToken);
                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken))
                    {
                    }

                    break;
                }
            }

            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }

    private static IMessage RandomMessage(MessageDescriptor descriptor, Random random, int depth)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (random.Next(3) == 0)
            {
                continue; // leave some fields unset
            }

            if (field.IsRepeated)
            {
                if (field.IsMap)
                {
                    continue;
                }

                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                var count = random.Next(0, 4);
                for (var i = 0; i < count; i++)
                {
                    var value = RandomValue(field, random, depth);
                    if (value is not null)
                    {
                        list.Add(value);
                    }
                }

                continue;
            }

            var single = RandomValue(field, random, depth);
            if (single is not null)
            {
                field.Accessor.SetValue(message, single);
            }
        }

        return message;
    }

    private static object? RandomValue(FieldDescriptor field, Random random, int depth) => field.FieldType switch
    {
        FieldType.String => RandomString(random),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(random, random.Next(0, 96))),
        FieldType.Bool => random.Next(2) == 1,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Pick(random, [0, 1, -1, 16, 17, int.MaxValue, int.MinValue, random.Next()]),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)Pick(random, [0, 1, 16, int.MaxValue, random.Next()]),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)Pick(random, [0, 1, -1, int.MaxValue, random.Next()]),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)Pick(random, [0, 1, int.MaxValue, random.Next()]),
        FieldType.Double => random.NextDouble() * 1e6,
        FieldType.Float => (float)random.NextDouble(),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, Pick(random, field.EnumType.Values.Select(v => v.Number).Append(999).ToArray())),
        FieldType.Message when depth < 2 => RandomMessage(field.MessageType, random, depth + 1),
        _ => null,
    };

    private static string RandomString(Random random)
    {
        string[] samples = ["", "P", "req-" + random.Next(), "../../etc/passwd", "' OR 1=1 --", "\u0000", new string('A', 300), "ÄÖÜ", "2020-13-45", "-1", "spiffe://credentials/admin"];
        return samples[random.Next(samples.Length)];
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static int Pick(Random random, int[] values) => values[random.Next(values.Length)];

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static MethodType Kind(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (false, true) => MethodType.ServerStreaming,
        (true, false) => MethodType.ClientStreaming,
        _ => MethodType.DuplexStreaming,
    };

    private static IEnumerable<(string Service, ServiceDescriptor Descriptor)> ServiceDescriptors()
    {
        yield return ("csca", Contracts.Csca.V1.CscaService.Descriptor);
        yield return ("document-signer", Contracts.DocumentSigner.V1.DocumentSignerService.Descriptor);
        yield return ("dtc", Contracts.Dtc.V1.DtcService.Descriptor);
        yield return ("trust-anchor", Contracts.TrustAnchor.V1.TrustAnchorService.Descriptor);
        yield return ("pkd", Contracts.Pkd.V1.PkdService.Descriptor);
        yield return ("ledger", Contracts.Ledger.V1.LedgerService.Descriptor);
    }
}
