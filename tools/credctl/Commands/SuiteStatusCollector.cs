using Credentials.Cli.Connection;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Grpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using CscaListRequest = Credentials.Contracts.Csca.V1.ListCertificatesRequest;

namespace Credentials.Cli.Commands;

/// <summary>
/// Asks the six services what <c>credctl status</c> shows, with existing RPCs only: Health/Check (and the version
/// header), csca ListCertificates, trust-anchor ListTrustAnchors (the CRL of each active CSCA) and GetTrustStoreStatus, document-signer ListSignerKeys, pkd GetSyncStatus,
/// ledger VerifyIntegrity. Sections run concurrently; a failing section records its error and the others go on.
/// </summary>
internal sealed class SuiteStatusCollector
{
    private const int PageSize = 500;
    private readonly ClientTlsMaterial _tls;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;

    public SuiteStatusCollector(ClientTlsMaterial tls, TimeSpan timeout, TimeProvider clock)
    {
        _tls = tls;
        _timeout = timeout;
        _clock = clock;
    }

    /// <summary>Collects the status from the services at <paramref name="endpoints"/> (service name → HOST:PORT or null).</summary>
    public async Task<SuiteStatusReport> CollectAsync(IReadOnlyDictionary<string, string?> endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var channels = endpoints.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => MutualTlsChannel.Create(e.Value!, _tls));
        try
        {
            var services = Task.WhenAll(endpoints.Select(e => HealthAsync(e.Key, e.Value, channels.GetValueOrDefault(e.Key), cancellationToken)));
            var cscas = Section(channels, "csca", c => CscasAsync(c, channels.GetValueOrDefault("trust-anchor"), cancellationToken));
            var signers = Section(channels, "document-signer", c => SignerKeysAsync(c, cancellationToken));
            var pkd = Section(channels, "pkd", c => PkdAsync(c, cancellationToken));
            var anchors = Section(channels, "trust-anchor", c => TrustAnchorsAsync(c, cancellationToken));
            var ledger = Section(channels, "ledger", c => LedgerAsync(c, cancellationToken));
            await Task.WhenAll(services, cscas, signers, pkd, anchors, ledger);
            return new SuiteStatusReport(_clock.GetUtcNow(), services.Result, cscas.Result, signers.Result, pkd.Result, anchors.Result, ledger.Result);
        }
        finally
        {
            foreach (var channel in channels.Values)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task<SuiteStatusReport.Section<T>> Section<T>(Dictionary<string, GrpcChannel> channels, string service, Func<GrpcChannel, Task<T>> read)
    {
        if (!channels.TryGetValue(service, out var channel))
        {
            return new SuiteStatusReport.Section<T>(default, $"no {service} endpoint");
        }

        try
        {
            return new SuiteStatusReport.Section<T>(await read(channel), null);
        }
        catch (RpcException ex)
        {
            return new SuiteStatusReport.Section<T>(default, $"{service}: {ex.StatusCode} {ex.Status.Detail}");
        }
    }

    private CallOptions Call(CancellationToken cancellationToken) => new(deadline: DateTime.UtcNow.Add(_timeout), cancellationToken: cancellationToken);

    private async Task<SuiteStatusReport.ServiceHealth> HealthAsync(string name, string? endpoint, GrpcChannel? channel, CancellationToken cancellationToken)
    {
        if (endpoint is null || channel is null)
        {
            return new(name, null, "UNKNOWN", null, null, $"no endpoint (set {ServiceEndpoints.VariableName(name)} or run scripts/up)");
        }

        var started = _clock.GetTimestamp();
        try
        {
            using var call = new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), Call(cancellationToken));
            var headers = await call.ResponseHeadersAsync;
            var reply = await call.ResponseAsync;
            var status = reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? "SERVING" : reply.Status.ToString().ToUpperInvariant();
            return new(name, endpoint, status, headers.GetValue(ServiceVersion.HeaderName), _clock.GetElapsedTime(started), null);
        }
        catch (RpcException ex)
        {
            return new(name, endpoint, "ERROR", null, _clock.GetElapsedTime(started), $"{ex.StatusCode} {ex.Status.Detail}");
        }
    }

    private async Task<IReadOnlyList<SuiteStatusReport.ActiveCsca>> CscasAsync(GrpcChannel csca, GrpcChannel? trustAnchor, CancellationToken cancellationToken)
    {
        var client = new CscaService.CscaServiceClient(csca);
        var certificates = new List<Certificate>();
        var token = string.Empty;
        do
        {
            var page = await client.ListCertificatesAsync(
                new CscaListRequest { Kinds = { CertificateKind.Csca }, Status = CertificateStatus.Valid, Page = new PageRequest { PageSize = PageSize, PageToken = token } },
                Call(cancellationToken));
            certificates.AddRange(page.Certificates);
            token = page.Page?.NextPageToken ?? string.Empty;
        }
        while (token.Length > 0);

        var result = new List<SuiteStatusReport.ActiveCsca>();
        foreach (var certificate in certificates)
        {
            // The CRL csca published for this CSCA, as trust-anchor holds it (csca's crl.published events): GetCrl
            // needs the lineage id, which ListCertificates does not return.
            string? crlNote = null;
            Crl? crl = null;
            if (trustAnchor is null)
            {
                crlNote = "no trust-anchor endpoint";
            }
            else
            {
                try
                {
                    var anchors = await new TrustAnchorService.TrustAnchorServiceClient(trustAnchor).ListTrustAnchorsAsync(
                        new ListTrustAnchorsRequest { FingerprintSha256 = certificate.FingerprintSha256, Page = new PageRequest { PageSize = 1 } },
                        Call(cancellationToken));
                    crl = anchors.TrustAnchors.FirstOrDefault()?.Crl;
                    crlNote = anchors.TrustAnchors.Count == 0 ? "not (yet) in trust-anchor's store" : crl is null ? "no CRL" : null;
                }
                catch (RpcException ex)
                {
                    crlNote = $"trust-anchor: {ex.StatusCode}";
                }
            }

            result.Add(new(certificate.Subject, certificate.FingerprintSha256, certificate.NotAfter?.ToDateTimeOffset(),
                certificate.PrivateKeyUsageNotAfter?.ToDateTimeOffset(), crl?.CrlNumber, crl?.NextUpdate?.ToDateTimeOffset(), crlNote));
        }

        return result;
    }

    private async Task<IReadOnlyList<SuiteStatusReport.SignerKey>> SignerKeysAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var client = new DocumentSignerService.DocumentSignerServiceClient(channel);
        var keys = new List<SuiteStatusReport.SignerKey>();
        var token = string.Empty;
        do
        {
            var page = await client.ListSignerKeysAsync(
                new ListSignerKeysRequest { State = SignerKeyState.Active, Page = new PageRequest { PageSize = PageSize, PageToken = token } },
                Call(cancellationToken));
            keys.AddRange(page.SignerKeys.Select(k => new SuiteStatusReport.SignerKey(
                k.KeyId, string.Join(',', k.DocumentTypes), k.Certificate?.Subject,
                k.Certificate?.PrivateKeyUsageNotAfter?.ToDateTimeOffset(), k.Certificate?.NotAfter?.ToDateTimeOffset())));
            token = page.Page?.NextPageToken ?? string.Empty;
        }
        while (token.Length > 0);
        return keys;
    }

    private async Task<IReadOnlyList<SuiteStatusReport.PkdSource>> PkdAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var status = await new PkdService.PkdServiceClient(channel).GetSyncStatusAsync(new GetSyncStatusRequest(), Call(cancellationToken));
        return [.. status.Sources.Select(s => new SuiteStatusReport.PkdSource(
            s.Source?.SourceId ?? "?",
            s.Source?.Enabled ?? false,
            s.LastRun is { } last ? StateName(last.State) : null,
            s.LastRun?.FinishedAt?.ToDateTimeOffset(),
            s.LastSuccessfulRun?.FinishedAt?.ToDateTimeOffset(),
            s.CurrentRun is { } current ? StateName(current.State) : null,
            s.NextRunAt?.ToDateTimeOffset(),
            s.LastRun is { ErrorReason.Length: > 0 } failed ? failed.ErrorReason : null))];
    }

    private async Task<SuiteStatusReport.TrustAnchors> TrustAnchorsAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        // The snapshot the answering replica verifies with (one call, no paging through the store).
        var status = await new TrustAnchorService.TrustAnchorServiceClient(channel).GetTrustStoreStatusAsync(new GetTrustStoreStatusRequest(), Call(cancellationToken));
        return new(status.StoreVersion, status.SnapshotBuiltAt?.ToDateTimeOffset(), status.AnchorCount, status.CscaCount, status.LinkCount, status.CountryCount,
            status.CrlCount, status.DocumentSignerCount, status.UnlistedAnchorCount, status.RevocationNoticeCount, status.SkippedCount);
    }

    private async Task<SuiteStatusReport.LedgerHead> LedgerAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        // The head is where an integrity check of the whole chain ends; it also re-checks every checkpoint.
        var result = await new LedgerService.LedgerServiceClient(channel).VerifyIntegrityAsync(new VerifyIntegrityRequest { VerifyCheckpoints = true }, Call(cancellationToken));
        var last = result.Checkpoints.MaxBy(c => c.Sequence);
        return new(result.Intact, result.EntriesChecked, Convert.ToHexStringLower(result.HeadEntryHash.Span), result.FailureReason,
            last?.Sequence, last?.SignedAt?.ToDateTimeOffset(), last is { SignatureValid: true, MatchesChain: true, ArchiveMatches: true });
    }

    private static string StateName(SyncState state) => state switch
    {
        SyncState.Pending => "PENDING",
        SyncState.Running => "RUNNING",
        SyncState.Succeeded => "SUCCEEDED",
        SyncState.Failed => "FAILED",
        _ => "UNSPECIFIED",
    };
}
