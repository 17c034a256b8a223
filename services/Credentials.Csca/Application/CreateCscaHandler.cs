using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Icao9303.Issuance;
using Credentials.Storage;

namespace Credentials.Csca.Application;

/// <summary>
/// CreateCsca: a CSCA key pair generated in the HSM (protected from destruction), its self-signed certificate
/// (Doc 9303 Part 12 §7.1.1) and its first, empty CRL — recorded with their events in one transaction.
/// </summary>
internal sealed class CreateCscaHandler
{
    private readonly CscaIssuing _issuing;
    private readonly IdempotentRequests _requests;

    public CreateCscaHandler(CscaIssuing issuing, IdempotentRequests requests)
    {
        _issuing = issuing;
        _requests = requests;
    }

    public Task<CreateCscaResponse> HandleAsync(CreateCscaRequest request, string caller, CancellationToken cancellationToken) =>
        _requests.RunAsync(request.RequestId, "CreateCsca", request, CreateCscaResponse.Parser, (record, ct) => CreateAsync(request, caller, record, ct), cancellationToken);

    /// <summary>The HSM label of a generation's key.</summary>
    public static string KeyLabel(string cscaId, int generation) => $"csca-{cscaId}-g{generation}";

    /// <summary>The CSCA template of a generation from the lineage's name and the requested periods.</summary>
    public static CscaCertificateTemplate Template(
        CscaRecord csca, string subjectSerialNumber, DateTimeOffset notBefore, TimeSpan validity, TimeSpan keyUsage, IReadOnlyList<string> crlDistributionPoints)
    {
        if (keyUsage > validity)
        {
            throw CscaErrors.Invalid("VALIDITY_PERIOD_INVALID", "private_key_usage_period must not exceed validity.");
        }

        return new CscaCertificateTemplate
        {
            Country = csca.Country,
            Organization = csca.Organization,
            OrganizationalUnit = csca.OrganizationalUnit,
            CommonName = csca.CommonName,
            SubjectSerialNumber = subjectSerialNumber,
            NotBefore = notBefore,
            NotAfter = notBefore + validity,
            PrivateKeyUsageNotBefore = notBefore,
            PrivateKeyUsageNotAfter = notBefore + keyUsage,
            CrlDistributionPoints = crlDistributionPoints,
        };
    }

    public static CscaGeneration Generation(GenerationRecord generation, Certificate certificate, CscaGenerationState state) => new()
    {
        CscaId = generation.CscaId,
        Generation = generation.Generation,
        State = state,
        Certificate = certificate,
        KeyLabel = generation.KeyLabel,
        CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(generation.CreatedAt),
    };

    private async Task<CreateCscaResponse> CreateAsync(CreateCscaRequest request, string caller, IdempotentRequest record, CancellationToken cancellationToken)
    {
        if (await _issuing.Store.GetCscaAsync(request.CscaId, cancellationToken) is not null)
        {
            throw CscaErrors.CscaAlreadyExists(request.CscaId);
        }

        var options = _issuing.Options;
        var now = _issuing.TimeProvider.GetUtcNow();
        var keyAlgorithm = ContractMapping.ToVault(request.KeyAlgorithm);
        var algorithm = ContractMapping.SignatureAlgorithmFor(keyAlgorithm, request.HashAlgorithm, request.SignatureScheme);
        var csca = new CscaRecord(request.CscaId, request.Country, request.Organization, NullIfEmpty(request.OrganizationalUnit), request.CommonName, now);
        var notBefore = request.NotBefore?.ToDateTimeOffset() ?? now;
        var template = Template(
            csca,
            string.IsNullOrEmpty(request.SubjectSerialNumber) ? "1" : request.SubjectSerialNumber,
            notBefore,
            request.Validity?.ToTimeSpan() ?? options.CscaValidity,
            request.PrivateKeyUsagePeriod?.ToTimeSpan() ?? options.CscaPrivateKeyUsagePeriod,
            [.. options.CrlDistributionPoints]);
        template.Validate();

        var label = KeyLabel(request.CscaId, 1);
        var publicKey = await _issuing.EnsureKeyAsync(label, keyAlgorithm, isProtected: true, cancellationToken);
        var signer = _issuing.SignerFor(label, algorithm);
        var der = await CscaCertificateIssuer.IssueSelfSignedAsync(template, publicKey, signer, _issuing.Random, cancellationToken);
        var certificate = CscaIssuing.NewCertificate(der, request.CscaId, 1, 1, CertificateKind.Csca, label, request.RequestId, now);
        var generation = new GenerationRecord(
            request.CscaId, 1, CscaGenerationState.Active, label, keyAlgorithm, algorithm.Kind, algorithm.Hash.Name!, certificate.Fingerprint, now, der);

        return await _issuing.Store.ExecuteAsync([], async (tx, ct) =>
        {
            if (!await tx.TryInsertCscaAsync(csca, ct))
            {
                throw CscaErrors.CscaAlreadyExists(request.CscaId);
            }

            await tx.InsertGenerationAsync(generation, ct);
            var summary = await _issuing.StoreCertificateAsync(tx, certificate, caller, ct);
            await _issuing.PublishCrlAsync(tx, generation, options.CrlNextUpdate, ct);
            var response = new CreateCscaResponse { Csca = Generation(generation, summary, CscaGenerationState.Active) };
            await tx.RecordResponseAsync(record, response, ct);
            return response;
        }, cancellationToken);
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
