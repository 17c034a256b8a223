using System.Diagnostics;
using Credentials.Core;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.ServiceDefaults.Grpc;

/// <summary>
/// The one place where exceptions become gRPC statuses (STYLE.md rule 8). It awaits the call so that asynchronous
/// failures are caught; domain errors keep their reason; a library failure becomes the domain error its library's
/// <see cref="IExceptionTranslator"/> names (each library registers its own: KeyVault, Storage, Storage.Postgres,
/// Icao9303, downstream calls; the first translator that claims the exception wins); anything unexpected becomes
/// Internal with a trace id and no stack trace (details only in Development). docs/architecture.md, "Errors".
/// </summary>
internal sealed partial class ExceptionMappingInterceptor : Interceptor, IRpcExceptionMapper
{
    private readonly ILogger<ExceptionMappingInterceptor> _logger;
    private readonly IExceptionTranslator[] _translators;
    private readonly string _domain;
    private readonly bool _detailed;

    public ExceptionMappingInterceptor(
        ILogger<ExceptionMappingInterceptor> logger, IOptions<ServiceIdentityOptions> identity, IHostEnvironment environment, IEnumerable<IExceptionTranslator> translators)
    {
        _logger = logger;
        _translators = translators.ToArray();
        _domain = $"credentials.{identity.Value.Name}";
        _detailed = environment.IsDevelopment();
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public RpcException Map(Exception exception, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        if (exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed."));
        }

        if (exception is CredentialsException domain)
        {
            LogDomainError(_logger, context.Method, domain.Kind, domain.Reason);
            return ToStatus(domain);
        }

        foreach (var translator in _translators)
        {
            if (translator.Translate(exception) is { } translated)
            {
                if (translated.Kind == ErrorKind.Unavailable)
                {
                    LogDependencyFailure(_logger, context.Method, exception.GetType().Name);
                }
                else
                {
                    LogDomainError(_logger, context.Method, translated.Kind, translated.Reason);
                }

                return ToStatus(translated);
            }
        }

        switch (exception)
        {
            case Google.Protobuf.InvalidProtocolBufferException:
                // A streamed request message that is not valid protobuf (read inside the handler).
                LogDomainError(_logger, context.Method, ErrorKind.InvalidArgument, "MALFORMED_REQUEST");
                return GrpcErrors.Create(StatusCode.InvalidArgument, "MALFORMED_REQUEST", "A request message is not a valid protobuf message.", _domain);
            case InvalidOperationException when exception.TargetSite?.DeclaringType?.Namespace == "Google.Protobuf.WellKnownTypes":
                // A request Timestamp or Duration outside its valid range (e.g. nanos > 999,999,999) failed to convert.
                LogDomainError(_logger, context.Method, ErrorKind.InvalidArgument, "INVALID_TIME_VALUE");
                return GrpcErrors.Create(StatusCode.InvalidArgument, "INVALID_TIME_VALUE", "A timestamp or duration in the request is out of range.", _domain);
            case TimeoutException:
                LogDependencyFailure(_logger, context.Method, exception.GetType().Name);
                return GrpcErrors.Create(StatusCode.Unavailable, "DEPENDENCY_UNAVAILABLE", "A dependency is temporarily unavailable; retry.", _domain, TimeSpan.FromSeconds(1));
            default:
                var traceId = Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
                LogUnexpected(_logger, exception, context.Method, traceId);
                var message = _detailed ? $"Internal error (trace {traceId}): {exception.Message}" : $"Internal error (trace {traceId}).";
                return GrpcErrors.Create(StatusCode.Internal, "INTERNAL", message, _domain, metadata: new Dictionary<string, string> { ["trace_id"] = traceId });
        }
    }

    private RpcException ToStatus(CredentialsException domain) =>
        GrpcErrors.Create(GrpcErrors.ToStatusCode(domain.Kind), domain.Reason, domain.Message, _domain, domain.RetryAfter);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Call {Method} refused: {Kind} {Reason}")]
    private static partial void LogDomainError(ILogger logger, string method, ErrorKind kind, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Call {Method} failed: dependency unavailable ({ExceptionType})")]
    private static partial void LogDependencyFailure(ILogger logger, string method, string exceptionType);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Call {Method} failed unexpectedly (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string traceId);
}
