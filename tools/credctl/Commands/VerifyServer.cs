using Credentials.Grpc;

namespace Credentials.Cli.Commands;

/// <summary>Where <c>credctl verify --server</c> sends the request: the endpoint, how to load the mTLS material, the deadline.</summary>
/// <param name="Endpoint">trust-anchor's <c>HOST:PORT</c>.</param>
/// <param name="LoadTls">Loads the client TLS material (the <c>--ca --cert --key</c> flags or their defaults).</param>
/// <param name="Timeout">Deadline of the call.</param>
internal sealed record VerifyServer(string Endpoint, Func<ClientTlsMaterial> LoadTls, TimeSpan Timeout);
