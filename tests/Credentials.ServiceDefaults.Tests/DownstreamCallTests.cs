using Credentials.Contracts.Csca.V1;
using Credentials.Core;
using Credentials.Grpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.ServiceDefaults.Tests;

/// <summary>Issue 17: a failed call to another Credentials service has one translation.</summary>
public sealed class DownstreamCallTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public void Translate_CalledServiceUnreachable_UnavailableDependencyUnavailableWithRetry(StatusCode code)
    {
        var error = Translator().Translate(Failure(code));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal("DEPENDENCY_UNAVAILABLE", error.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Contains("csca", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_CalledServiceRejectsInput_InvalidArgumentUnspecified()
    {
        var error = Translator().Translate(Failure(StatusCode.InvalidArgument));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("UNSPECIFIED", error.Reason);
    }

    [Theory]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Unimplemented)]
    public void Translate_CalledServiceRefuses_FailedPreconditionUnspecified(StatusCode code)
    {
        var error = Translator().Translate(Failure(code));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("UNSPECIFIED", error.Reason);
        Assert.Contains(code.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_OwnRpcException_NullNotADownstreamFailure() =>
        Assert.Null(Translator().Translate(new RpcException(new Status(StatusCode.ResourceExhausted, "message too large"))));

    [Fact]
    public void AddDownstreamCallTranslation_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection().AddDownstreamCallTranslation().AddDownstreamCallTranslation();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IExceptionTranslator>());
    }

    [Fact]
    public async Task AsyncUnaryCall_CalledServiceFails_DownstreamCallExceptionNamingIt()
    {
        var client = new CscaService.CscaServiceClient(new FailingInvoker(StatusCode.FailedPrecondition).Intercept(new DownstreamCallInterceptor("csca")));

        var failure = await Assert.ThrowsAsync<DownstreamCallException>(
            () => client.IssueSignerCertificateAsync(new IssueSignerCertificateRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal("csca", failure.Service);
        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        Assert.Equal("refused", failure.Detail);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public void BlockingUnaryCall_CalledServiceUnreachable_TransientDownstreamCallException()
    {
        var client = new CscaService.CscaServiceClient(new FailingInvoker(StatusCode.Unavailable).Intercept(new DownstreamCallInterceptor("csca")));

        var failure = Assert.Throws<DownstreamCallException>(() => client.IssueSignerCertificate(new IssueSignerCertificateRequest(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(failure.IsTransient);
    }

    private static DownstreamCallException Failure(StatusCode code) => new("csca", new RpcException(new Status(code, "detail")));

    private static IExceptionTranslator Translator()
    {
        using var provider = new ServiceCollection().AddDownstreamCallTranslation().BuildServiceProvider();
        return provider.GetServices<IExceptionTranslator>().Single();
    }

    /// <summary>A channel whose every call fails with one status, as a real client reports a refusal.</summary>
    private sealed class FailingInvoker(StatusCode code) : CallInvoker
    {
        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw Failure();

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            new(Task.FromException<TResponse>(Failure()), Task.FromResult(new Metadata()), () => new Status(code, "refused"), () => [], () => { });

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        private RpcException Failure() => new(new Status(code, "refused"));
    }
}
