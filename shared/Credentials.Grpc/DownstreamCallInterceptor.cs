using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Credentials.Grpc;

/// <summary>
/// Client interceptor for calls from one Credentials service to another
/// (<c>channel.Intercept(new DownstreamCallInterceptor("csca"))</c>): a failed unary call throws
/// <see cref="DownstreamCallException"/> naming the called service instead of a bare <see cref="RpcException"/>.
/// Only unary calls are wrapped; services make no streaming calls to each other (tools, which call as end users,
/// keep the plain channel).
/// </summary>
public sealed class DownstreamCallInterceptor : Interceptor
{
    private readonly string _service;

    public DownstreamCallInterceptor(string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _service = service;
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return continuation(request, context);
        }
        catch (RpcException failure)
        {
            throw new DownstreamCallException(_service, failure);
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        AsyncUnaryCall<TResponse> call;
        try
        {
            call = continuation(request, context);
        }
        catch (RpcException failure)
        {
            throw new DownstreamCallException(_service, failure);
        }

        return new AsyncUnaryCall<TResponse>(ResponseAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> ResponseAsync<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response.ConfigureAwait(false);
        }
        catch (RpcException failure)
        {
            throw new DownstreamCallException(_service, failure);
        }
    }
}
