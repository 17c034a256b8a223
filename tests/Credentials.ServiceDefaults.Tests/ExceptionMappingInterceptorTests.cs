using System.Diagnostics;
using Credentials.Core;
using Credentials.ServiceDefaults.Grpc;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials.ServiceDefaults.Tests;

/// <summary>Issue 17: one error path — the interceptor asks the libraries' translators in turn.</summary>
public sealed class ExceptionMappingInterceptorTests
{
    private static readonly TestServerCallContext Context = new("/credentials.csca.v1.CscaService/CreateCsca");

    [Fact]
    public void Map_DomainError_KeepsKindReasonAndRetry()
    {
        var error = Interceptor().Map(
            new CredentialsException(ErrorKind.ResourceExhausted, "SERVER_BUSY", "busy") { RetryAfter = TimeSpan.FromSeconds(2) }, Context);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("SERVER_BUSY", GrpcErrors.GetReason(error));
        Assert.Equal("credentials.csca", error.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Domain);
        Assert.Equal(TimeSpan.FromSeconds(2), error.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public void Map_LibraryFailureClaimedByATranslator_TheTranslatorsDomainError()
    {
        var error = Interceptor(new Claims<ArgumentException>("FIRST")).Map(new ArgumentException("library"), Context);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("FIRST", GrpcErrors.GetReason(error));
    }

    [Fact]
    public void Map_TwoTranslatorsClaim_FirstRegisteredWins()
    {
        var error = Interceptor(new Claims<FormatException>("NOT_IT"), new Claims<ArgumentException>("FIRST"), new Claims<ArgumentException>("SECOND"))
            .Map(new ArgumentException("library"), Context);

        Assert.Equal("FIRST", GrpcErrors.GetReason(error));
    }

    [Fact]
    public void Map_NoTranslatorClaims_InternalWithTraceIdAndNoMessage()
    {
        using var activity = new Activity("call");
        activity.Start();
        var error = Interceptor(new Claims<FormatException>("NOT_IT")).Map(new InvalidOperationException("secret detail"), Context);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal("INTERNAL", GrpcErrors.GetReason(error));
        Assert.DoesNotContain("secret detail", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(activity.TraceId.ToString(), error.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["trace_id"]);
    }

    [Fact]
    public void Map_CancelledByCaller_Cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var error = Interceptor(new Claims<OperationCanceledException>("NOT_IT"))
            .Map(new OperationCanceledException(cancelled.Token), new TestServerCallContext("/x.v1.X/Y", cancelled.Token));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private static ExceptionMappingInterceptor Interceptor(params IExceptionTranslator[] translators) => new(
        NullLogger<ExceptionMappingInterceptor>.Instance,
        Microsoft.Extensions.Options.Options.Create(new ServiceIdentityOptions { Name = "csca" }),
        new HostingEnvironment { EnvironmentName = "Production" },
        translators);

    /// <summary>A library translator that claims one exception type.</summary>
    private sealed class Claims<TException>(string reason) : IExceptionTranslator
        where TException : Exception
    {
        public CredentialsException? Translate(Exception exception) =>
            exception is TException ? new CredentialsException(ErrorKind.FailedPrecondition, reason, "claimed", exception) : null;
    }
}
