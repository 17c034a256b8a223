namespace Credentials.Csca.Application;

/// <summary>A side-effecting request being performed: its id, operation name and body hash.</summary>
internal sealed record RequestRecord(string RequestId, string Operation, byte[] Hash);
