using System.Formats.Asn1;
using System.Globalization;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.IntegrationTests.Services;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace Credentials.IntegrationTests.DocumentSigner;

/// <summary>
/// Helpers for the document-signer tests: admin clients of csca and document-signer over mTLS, a CSCA and a signer key
/// for a document type unique to the test, request builders with real DG1 contents, and outbox reads.
/// </summary>
internal sealed class DocumentSignerClientFixture : IDisposable
{
    private readonly Credentials.Grpc.ClientTlsMaterial _tls;
    private readonly GrpcChannel _cscaChannel;
    private readonly GrpcChannel _signerChannel;

    public DocumentSignerClientFixture(SuiteFixture suite, string? signerEndpoint = null)
    {
        suite.RequireStack();
        _tls = suite.ClientTls("admin");
        _cscaChannel = suite.Channel("csca", _tls);
        _signerChannel = signerEndpoint is null ? suite.Channel("document-signer", _tls) : Credentials.Grpc.MutualTlsChannel.Create(signerEndpoint, _tls);
        Csca = new CscaService.CscaServiceClient(_cscaChannel);
        Signer = new DocumentSignerService.DocumentSignerServiceClient(_signerChannel);
    }

    public CscaService.CscaServiceClient Csca { get; }

    public DocumentSignerService.DocumentSignerServiceClient Signer { get; }

    public static CallOptions Call => new(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: TestContext.Current.CancellationToken);

    public static string NewId() => Guid.NewGuid().ToString("D");

    /// <summary>
    /// A two-letter document type for this test only, so that keys of other tests (and of earlier runs: the stack's
    /// database outlives test runs) never sign for it. "P" is avoided on purpose.
    /// </summary>
    public static string NewDocumentType()
    {
        // Never a 'V…' type: a Document Type List of only V types marks a DTC Signer (CertificateRoleRule), so a passport
        // DSC for such a type is refused as a Document Signer, and a test passport would be INVALID at random (1 in 26).
        var value = Random.Shared.Next(25 * 26);
        return string.Create(2, value, (span, v) =>
        {
            var first = (char)('A' + (v / 26));
            span[0] = first >= 'V' ? (char)(first + 1) : first;
            span[1] = (char)('A' + (v % 26));
        });
    }

    /// <summary>
    /// A two-letter document type no PENDING or ACTIVE key of the service covers now. The stack's database outlives test
    /// and benchmark runs, which each create keys for random types, so a random type alone may already be covered.
    /// </summary>
    public async Task<string> NewUncoveredDocumentTypeAsync()
    {
        while (true)
        {
            var documentType = NewDocumentType();
            var keys = await Signer.ListSignerKeysAsync(new ListSignerKeysRequest { DocumentType = documentType }, Call);
            if (keys.SignerKeys.All(k => k.State == SignerKeyState.Retired))
            {
                return documentType;
            }
        }
    }

    /// <summary>Creates a P-256 CSCA in the csca service.</summary>
    public async Task<CscaGeneration> CreateCscaAsync(string cscaId)
    {
        var request = new CreateCscaRequest
        {
            RequestId = NewId(),
            CscaId = cscaId,
            Country = "NL",
            Organization = "Kingdom of the Netherlands",
            OrganizationalUnit = "Document Signer Integration Tests",
            CommonName = "CSCA NL DS IT",
            KeyAlgorithm = KeyAlgorithm.EcP256,
        };
        return (await Csca.CreateCscaAsync(request, Call)).Csca;
    }

    /// <summary>Creates an ACTIVE P-256 signer key for <paramref name="documentType"/> under <paramref name="cscaId"/>.</summary>
    public async Task<SignerKey> CreateSignerKeyAsync(string cscaId, string documentType)
    {
        var request = new CreateSignerKeyRequest
        {
            RequestId = NewId(),
            KeyAlgorithm = KeyAlgorithm.EcP256,
            CscaId = cscaId,
            Activate = true,
        };
        request.DocumentTypes.Add(documentType);
        return (await Signer.CreateSignerKeyAsync(request, Call)).SignerKey;
    }

    /// <summary>A valid TD3 DG1 (document number <paramref name="documentNumber"/>, expiry in 2034).</summary>
    public static byte[] DataGroup1(string documentNumber)
    {
        var mrz = MachineReadableZone.Create(MrzFormat.Td3, new MrzData
        {
            DocumentCode = "P",
            IssuingState = "NLD",
            PrimaryIdentifier = "DE BRUIJN",
            SecondaryIdentifier = "WILLEKE LISELOTTE",
            DocumentNumber = documentNumber,
            Nationality = "NLD",
            DateOfBirth = "650310",
            Sex = "F",
            DateOfExpiry = "340101",
        });
        return new DataGroup1(mrz).Encode();
    }

    /// <summary>A request with DG1 (real MRZ, document number <c>NX</c> and <paramref name="index"/>), DG2 and DG14-like filler as contents.</summary>
    public static SignSecurityObjectRequest SignRequest(string documentType, int index, out Dictionary<int, byte[]> dataGroups) =>
        SignRequest(documentType, "NX" + index.ToString("D7", CultureInfo.InvariantCulture), out dataGroups);

    /// <summary>A request with DG1 (real MRZ with <paramref name="documentNumber"/>), a random DG2 face and DG14-like filler as contents.</summary>
    public static SignSecurityObjectRequest SignRequest(string documentType, string documentNumber, out Dictionary<int, byte[]> dataGroups)
    {
        var face = new byte[2048];
        Random.Shared.NextBytes(face);
        face[0] = 0x75;
        var dg14 = new byte[300];
        Random.Shared.NextBytes(dg14);
        dg14[0] = 0x6E;
        dataGroups = new Dictionary<int, byte[]> { [1] = DataGroup1(documentNumber), [2] = face, [14] = dg14 };
        var request = new SignSecurityObjectRequest
        {
            RequestId = NewId(),
            DocumentType = documentType,
            LdsVersion = "0108",
            UnicodeVersion = "040000",
            HashAlgorithm = HashAlgorithm.Sha256,
            DocumentNumber = documentNumber,
        };
        foreach (var (number, content) in dataGroups)
        {
            request.DataGroups.Add(new DataGroup { Number = number, Content = ByteString.CopyFrom(content) });
        }

        return request;
    }

    /// <summary>The CMS ContentInfo inside the EF.SOD 0x77 wrapper (what openssl cms reads).</summary>
    public static byte[] ContentInfo(byte[] efSod)
    {
        var reader = new AsnReader(efSod, AsnEncodingRules.DER);
        var inner = reader.ReadSequence(new Asn1Tag(TagClass.Application, 23, true));
        return inner.ReadEncodedValue().ToArray();
    }

    /// <summary>Number of outbox rows (events) for a credential in schema document_signer.</summary>
    public static async Task<long> CountEventsAsync(string credentialId)
    {
        await using var dataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")!);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM document_signer.outbox_messages WHERE aggregate_key = @key AND event_type = 'credential.issued'");
        command.Parameters.AddWithValue("key", credentialId);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The CredentialIssued payloads of the outbox rows of a credential.</summary>
    public static async Task<IReadOnlyList<Contracts.Events.V1.CredentialIssued>> ReadEventsAsync(string credentialId)
    {
        await using var dataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("CRED_PG_CONNECTION")!);
        await using var command = dataSource.CreateCommand("SELECT payload FROM document_signer.outbox_messages WHERE aggregate_key = @key ORDER BY id");
        command.Parameters.AddWithValue("key", credentialId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var events = new List<Contracts.Events.V1.CredentialIssued>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var envelope = Contracts.Events.V1.EventEnvelope.Parser.ParseFrom((byte[])reader[0]);
            events.Add(envelope.Payload.Unpack<Contracts.Events.V1.CredentialIssued>());
        }

        return events;
    }

    public void Dispose()
    {
        _signerChannel.Dispose();
        _cscaChannel.Dispose();
        _tls.Dispose();
    }
}
