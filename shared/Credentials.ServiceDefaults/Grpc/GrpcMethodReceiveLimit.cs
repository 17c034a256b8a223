namespace Credentials.ServiceDefaults.Grpc;

/// <summary>
/// A larger request limit for one RPC whose messages are legitimately large (e.g. ImportTrustMaterial of a Master
/// List); every other RPC keeps <c>Grpc:MaxReceiveMessageSizeBytes</c>. Registered with
/// <see cref="GrpcLimitsRegistration.AddGrpcMethodReceiveLimit{TService, TOptions}"/>.
/// </summary>
/// <param name="Method">The full method name, <c>/package.Service/Method</c>.</param>
/// <param name="Limit">The largest accepted request message of that RPC, in bytes.</param>
public sealed record GrpcMethodReceiveLimit(string Method, int Limit);
