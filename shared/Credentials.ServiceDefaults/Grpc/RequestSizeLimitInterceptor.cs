using System.Collections.Frozen;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Credentials.ServiceDefaults.Grpc;

/// <summary>
/// Holds every request message to <c>Grpc:MaxReceiveMessageSizeBytes</c> unless its RPC has a
/// <see cref="GrpcMethodReceiveLimit"/>: a service whose transport limit was raised for one large RPC stays small for
/// the others. Over the limit: RESOURCE_EXHAUSTED with reason PAYLOAD_TOO_LARGE (what gRPC itself answers).
/// </summary>
internal sealed class RequestSizeLimitInterceptor : Interceptor
{
    private readonly int _default;
    private readonly FrozenDictionary<string, int> _methods;
    private readonly string _domain;

    public RequestSizeLimitInterceptor(IOptions<GrpcLimitsOptions> limits, IEnumerable<GrpcMethodReceiveLimit> methods, IOptions<ServiceIdentityOptions> identity)
    {
        _default = limits.Value.MaxReceiveMessageSizeBytes;
        _methods = methods.ToFrozenDictionary(m => m.Method, m => m.Limit, StringComparer.Ordinal);
        _domain = $"credentials.{identity.Value.Name}";
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request, context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request, context);
        return continuation(request, responseStream, context);
    }

    private void Check<TRequest>(TRequest request, ServerCallContext context)
    {
        if (request is not IMessage message)
        {
            return;
        }

        var limit = _methods.GetValueOrDefault(context.Method, _default);
        var size = message.CalculateSize();
        if (size > limit)
        {
            throw GrpcErrors.Create(StatusCode.ResourceExhausted, "PAYLOAD_TOO_LARGE", $"The request message is {size} bytes; {context.Method} accepts at most {limit}.", _domain);
        }
    }
}
