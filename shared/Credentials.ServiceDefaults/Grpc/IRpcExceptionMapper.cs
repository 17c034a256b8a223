using Grpc.Core;

namespace Credentials.ServiceDefaults.Grpc;

/// <summary>
/// The exception-to-status rule of <c>ExceptionMappingInterceptor</c>, for the places that report a failure without
/// ending the call (an item of a batch stream): domain errors keep their reason, anything unexpected becomes Internal
/// with a trace id. The interceptor and these callers share one implementation.
/// </summary>
public interface IRpcExceptionMapper
{
    /// <summary>The status (with ErrorInfo) that <paramref name="exception"/> maps to; logs it like the interceptor does.</summary>
    RpcException Map(Exception exception, ServerCallContext context);
}
