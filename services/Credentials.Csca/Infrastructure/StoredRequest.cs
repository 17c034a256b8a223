namespace Credentials.Csca.Infrastructure;

/// <summary>A row of <c>csca.requests</c>: the first response given for a request_id.</summary>
internal sealed record StoredRequest(string Operation, byte[] RequestHash, byte[] Response);
