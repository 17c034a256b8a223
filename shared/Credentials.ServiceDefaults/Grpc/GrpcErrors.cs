using Credentials.Core;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Credentials.ServiceDefaults.Grpc;

/// <summary>Builds rich gRPC errors: a status code plus <c>google.rpc.ErrorInfo { reason, domain }</c>.</summary>
public static class GrpcErrors
{
    /// <summary>Maps a domain error kind to its gRPC status code (ARCHITECTURE.md, "Errors").</summary>
    public static StatusCode ToStatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.Aborted => StatusCode.Aborted,
        _ => StatusCode.Unknown,
    };

    /// <summary>Creates an <see cref="RpcException"/> carrying ErrorInfo (and RetryInfo when given).</summary>
    public static RpcException Create(StatusCode code, string reason, string message, string domain, TimeSpan? retryAfter = null, IDictionary<string, string>? metadata = null)
    {
        var errorInfo = new ErrorInfo { Reason = reason, Domain = domain };
        if (metadata is not null)
        {
            errorInfo.Metadata.Add(metadata);
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            Details = { Any.Pack(errorInfo) },
        };
        if (retryAfter is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status.ToRpcException();
    }

    /// <summary>Reads the ErrorInfo reason from an RpcException (clients and tests); null when absent.</summary>
    public static string? GetReason(RpcException exception)
    {
        var status = exception.GetRpcStatus();
        return status?.GetDetail<ErrorInfo>()?.Reason;
    }
}
