using Credentials.Contracts.TrustAnchor.V1;
using Google.Protobuf;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// The first call of a freshly started trust-anchor waits for its first snapshot, which decodes every stored anchor key
/// (hundreds after the Master Lists are imported; minutes on the loaded shared test machine). Tests wait for it once
/// with a long deadline so their own deadlines measure the service, not its start-up.
/// </summary>
internal static class TrustAnchorWarmUp
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _done;

    public static async Task EnsureAsync(TrustAnchorService.TrustAnchorServiceClient client, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (!_done)
            {
                await client.VerifyCertificateAsync(
                    new VerifyCertificateRequest { Certificate = ByteString.CopyFrom([0x30, 0x00]) }, deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: cancellationToken);
                _done = true;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
