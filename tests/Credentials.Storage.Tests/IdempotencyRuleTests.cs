using System.Security.Cryptography;
using System.Text;

namespace Credentials.Storage.Tests;

public sealed class IdempotencyRuleTests
{
    private static readonly byte[] Response = [1, 2, 3];

    [Fact]
    public void Fingerprint_OperationZeroByteRequest_IsSha256OfThoseBytes()
    {
        var expected = SHA256.HashData([.. Encoding.UTF8.GetBytes("CreateCsca"), 0, .. "body"u8.ToArray()]);

        Assert.Equal(expected, IdempotencyRule.Fingerprint("CreateCsca", "body"u8));
        Assert.NotEqual(IdempotencyRule.Fingerprint("Op", "ab"u8), IdempotencyRule.Fingerprint("Opa", "b"u8));
    }

    [Fact]
    public void Fingerprint_EmptyOperation_Throws()
    {
        Assert.Throws<ArgumentException>(() => IdempotencyRule.Fingerprint(string.Empty, "body"u8));
    }

    [Fact]
    public void Decide_SameOperationAndFingerprint_ReplaysTheStoredResponse()
    {
        var request = Request("CreateCsca", "body");

        var lookup = IdempotencyRule.Decide(request, "CreateCsca", IdempotencyRule.Fingerprint("CreateCsca", "body"u8), Response);

        Assert.Equal(IdempotencyStatus.Replay, lookup.Status);
        Assert.Equal(Response, lookup.Response);
    }

    [Fact]
    public void Decide_OtherFingerprint_Conflict()
    {
        var lookup = IdempotencyRule.Decide(Request("CreateCsca", "body"), "CreateCsca", IdempotencyRule.Fingerprint("CreateCsca", "other"u8), Response);

        Assert.Equal(IdempotencyStatus.Conflict, lookup.Status);
        Assert.Null(lookup.Response);
    }

    [Fact]
    public void Decide_OtherOperationSameFingerprint_Conflict()
    {
        var request = Request("CreateCsca", "body");

        var lookup = IdempotencyRule.Decide(request, "RolloverCsca", request.Fingerprint, Response);

        Assert.Equal(IdempotencyStatus.Conflict, lookup.Status);
    }

    [Fact]
    public void Decide_OperationDiffersOnlyInCase_Conflict()
    {
        var request = Request("SyncNow", "body");

        Assert.Equal(IdempotencyStatus.Conflict, IdempotencyRule.Decide(request, "syncnow", request.Fingerprint, Response).Status);
    }

    private static IdempotentRequest Request(string operation, string body) =>
        new("r-1", operation, IdempotencyRule.Fingerprint(operation, Encoding.UTF8.GetBytes(body)));
}
