using System.Security.Cryptography;
using System.Text;
using Credentials.DocumentSigner.Options;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// HMAC-SHA-256 of document numbers under the deployment's document-number key (a bare hash of a document number
/// could be reversed by trying every number). The key comes from a file or an environment variable; in Development
/// only, a missing key is replaced by a random per-process key (its id says "ephemeral") and a warning is logged.
/// </summary>
internal sealed partial class DocumentNumberHasher : IDisposable
{
    private const int MinimumKeyBytes = 32;
    private readonly byte[] _key;

    public DocumentNumberHasher(IOptions<DocumentSignerOptions> options, IHostEnvironment environment, ILogger<DocumentNumberHasher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = options.Value;
        var key = LoadKey(settings);
        if (key is null)
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{DocumentSignerOptions.SectionName}: no document-number HMAC key (set DocumentNumberKeyPath or the variable named by DocumentNumberKeyEnvironmentVariable).");
            }

            key = RandomNumberGenerator.GetBytes(MinimumKeyBytes);
            KeyId = "ephemeral-" + Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 4));
            LogEphemeralKey(logger, KeyId);
        }
        else
        {
            KeyId = string.IsNullOrWhiteSpace(settings.DocumentNumberKeyId)
                ? "k-" + Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 4))
                : settings.DocumentNumberKeyId;
        }

        _key = key;
    }

    /// <summary>Identifier of the key (CredentialIssued.document_number_hash_key_id).</summary>
    public string KeyId { get; }

    /// <summary>HMAC-SHA-256 of the UTF-8 document number; empty for an empty number.</summary>
    public byte[] Hash(string documentNumber) =>
        string.IsNullOrEmpty(documentNumber) ? [] : HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(documentNumber));

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private static byte[]? LoadKey(DocumentSignerOptions settings)
    {
        byte[]? key = null;
        if (!string.IsNullOrWhiteSpace(settings.DocumentNumberKeyPath))
        {
            key = File.ReadAllBytes(settings.DocumentNumberKeyPath);
        }
        else if (!string.IsNullOrWhiteSpace(settings.DocumentNumberKeyEnvironmentVariable)
            && Environment.GetEnvironmentVariable(settings.DocumentNumberKeyEnvironmentVariable) is { Length: > 0 } encoded)
        {
            try
            {
                key = Convert.FromBase64String(encoded.Trim());
            }
            catch (FormatException exception)
            {
                throw new InvalidOperationException($"{settings.DocumentNumberKeyEnvironmentVariable} is not base64.", exception);
            }
        }

        if (key is not null && key.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"The document-number HMAC key must be at least {MinimumKeyBytes} bytes.");
        }

        return key;
    }

    [LoggerMessage(EventId = 2031, Level = LogLevel.Warning, Message = "No document-number HMAC key configured; Development uses an ephemeral key {KeyId} (hashes change at restart)")]
    private static partial void LogEphemeralKey(ILogger logger, string keyId);
}
