using Credentials.ServiceDefaults.Grpc;
using Credentials.ServiceDefaults.Tls;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.ServiceDefaults.Authorization;

/// <summary>
/// Refuses, before any handler runs, a call whose client-certificate identity is not allowed for the RPC:
/// PermissionDenied with reason <c>CALLER_NOT_AUTHORIZED</c>.
/// </summary>
internal sealed partial class CallerAuthorizationInterceptor : Interceptor
{
    private readonly CallerAuthorizationPolicy _policy;
    private readonly CallerIdentityCache _identities;
    private readonly ILogger<CallerAuthorizationInterceptor> _logger;
    private readonly string _domain;

    public CallerAuthorizationInterceptor(
        CallerAuthorizationPolicy policy, CallerIdentityCache identities, IOptions<ServiceIdentityOptions> identity, ILogger<CallerAuthorizationInterceptor> logger)
    {
        _policy = policy;
        _identities = identities;
        _logger = logger;
        _domain = $"credentials.{identity.Value.Name}";
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        // Every call is authorized; the certificate's identity is read once per connection (CallerIdentityCache).
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        if (_policy.IsAllowed(context.Method, _identities.NameOf(certificate)))
        {
            return;
        }

        LogDenied(_logger, context.Method, _identities.Of(certificate)?.SpiffeId ?? "(none)");
        throw GrpcErrors.Create(StatusCode.PermissionDenied, "CALLER_NOT_AUTHORIZED", $"The caller may not call {context.Method}.", _domain);
    }

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Denied {Method} to {Caller}")]
    private static partial void LogDenied(ILogger logger, string method, string caller);
}
