using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Vds;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using CheckStatus = Credentials.Icao9303.PassiveAuthentication.CheckStatus;
using ContractSealFormat = Credentials.Contracts.TrustAnchor.V1.SealFormat;

namespace Credentials.TrustAnchor.Application;

/// <summary>
/// VerifySeal: a Visible Digital Seal (Doc 9303 Part 13), VDS-NC or IDB verified by <see cref="SealVerifier"/> over the
/// current snapshot's trust source, with the signer certificates of the store and of the request as VDS and IDB signer
/// candidates; revocation (CRLs of the CSCA's lineage, <c>certificate.revoked</c> notices of our csca) is the engine's
/// rule, as for VerifyDocument. Logs carry the SHA-256 of the seal only.
/// </summary>
internal sealed partial class VerifySealHandler
{
    private readonly TrustSnapshotProvider _snapshots;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<VerifySealHandler> _logger;
    private readonly Counter<long> _verifications;

    public VerifySealHandler(TrustSnapshotProvider snapshots, TimeProvider timeProvider, IMeterFactory meterFactory, ILogger<VerifySealHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _snapshots = snapshots;
        _timeProvider = timeProvider;
        _logger = logger;
        // Meters created by the factory are owned and disposed by it.
#pragma warning disable CA2000
        var meter = meterFactory.Create("Credentials.TrustAnchor");
#pragma warning restore CA2000
        _verifications = meter.CreateCounter<long>("credentials.trust_anchor.seal_verifications", description: "VerifySeal calls by format and verdict");
    }

    public async Task<VerifySealResponse> HandleAsync(VerifySealRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await _snapshots.GetAsync(cancellationToken);
        var policy = request.Policy ?? new VerificationPolicy();
        var validationTime = request.ValidationTime?.ToDateTimeOffset() ?? _timeProvider.GetUtcNow();
        ReadOnlyMemory<byte> seal = request.Seal.Memory;
        if (!request.BarcodeImage.IsEmpty)
        {
            try
            {
                seal = Barcodes.SealBarcode.Read(request.BarcodeImage.Span);
            }
            catch (Icao9303.Icao9303FormatException ex)
            {
                throw TrustAnchorErrors.Invalid("BARCODE_UNREADABLE", $"barcode_image: {ex.Message}");
            }
        }

        var result = snapshot.SealVerifier(policy.RequireCrl).Verify(new SealVerificationRequest
        {
            Seal = seal,
            SignerCertificates = request.SignerCertificates.Select(c => c.Memory).ToList(),
            KnownSignerCertificates = snapshot.DocumentSigners,
            ValidationTime = validationTime,
        });

        var checks = result.Checks;
        var verdict = result.Verdict;
        var response = new VerifySealResponse
        {
            Verdict = VerdictRules.ToContract(verdict),
            Format = result.Format switch
            {
                Icao9303.Vds.SealFormat.Vds => ContractSealFormat.Vds,
                Icao9303.Vds.SealFormat.VdsNc => ContractSealFormat.VdsNc,
                Icao9303.Vds.SealFormat.Idb => ContractSealFormat.Idb,
                _ => ContractSealFormat.Unspecified,
            },
            ValidatedAt = Timestamp.FromDateTimeOffset(validationTime),
        };
        foreach (var check in checks)
        {
            response.Checks.Add(VerdictRules.ToContract(check));
        }

        if (result.SignerCertificate is { } used)
        {
            var revoked = checks.Any(c => c.Status == CheckStatus.Fail && c.Name is "crl.signer" or "revocation.notice");
            response.SignerCertificate = snapshot.Summary(used, CertificateSummaries.StatusAt(used, validationTime, revoked));
        }

        if (result.Csca is { } issuer)
        {
            response.CertificatePath.AddRange(snapshot.PathSummaries(issuer));
        }

        var format = response.Format switch
        {
            ContractSealFormat.Vds => nameof(ContractSealFormat.Vds),
            ContractSealFormat.VdsNc => nameof(ContractSealFormat.VdsNc),
            ContractSealFormat.Idb => nameof(ContractSealFormat.Idb),
            _ => response.Format.ToString(),
        };
        _verifications.Add(1, new KeyValuePair<string, object?>("format", format), new KeyValuePair<string, object?>("verdict", VerdictRules.MetricTag(response.Verdict)));
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            // The seal's hash only identifies it in the debug log: not computed otherwise.
            var sealSha256 = Convert.ToHexStringLower(SHA256.HashData(seal.Span));
            LogVerified(sealSha256, response.Format, response.Verdict, snapshot.Version);
        }

        return response;
    }

    [LoggerMessage(EventId = 7350, Level = LogLevel.Debug, Message = "VerifySeal seal={SealSha256} format={Format} verdict={Verdict} store=v{Version}")]
    private partial void LogVerified(string sealSha256, ContractSealFormat format, Verdict verdict, long version);
}
