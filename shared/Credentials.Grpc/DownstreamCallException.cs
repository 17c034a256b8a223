using Grpc.Core;

namespace Credentials.Grpc;

/// <summary>
/// A call this service made to another Credentials service failed. Raised by <see cref="DownstreamCallInterceptor"/> in
/// place of the client's <see cref="RpcException"/>, so that the host's exception interceptor can tell "the csca service
/// refused" from a status this service's own gRPC stack raised (e.g. an oversized request message), and translate it
/// (<see cref="DownstreamCallExceptionTranslator"/>) instead of passing another service's status to our caller.
/// </summary>
public sealed class DownstreamCallException : Exception
{
    public DownstreamCallException(string service, RpcException failure)
        : base($"The {service} service answered {failure?.StatusCode}: {failure?.Status.Detail}", failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Service = service;
        StatusCode = failure.StatusCode;
        Detail = failure.Status.Detail;
    }

    public DownstreamCallException()
        : this("A downstream call failed.")
    {
    }

    public DownstreamCallException(string message)
        : base(message)
    {
        Service = string.Empty;
        StatusCode = StatusCode.Unknown;
        Detail = message;
    }

    public DownstreamCallException(string message, Exception innerException)
        : base(message, innerException)
    {
        Service = string.Empty;
        StatusCode = StatusCode.Unknown;
        Detail = message;
    }

    /// <summary>The short name of the called service, e.g. <c>csca</c>.</summary>
    public string Service { get; }

    /// <summary>The status the called service (or the channel) answered.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The status detail of that answer.</summary>
    public string Detail { get; }

    /// <summary>True when the called service could not be reached or did not answer in time: a retry may succeed.</summary>
    public bool IsTransient => StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;
}
