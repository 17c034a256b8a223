using Credentials.Contracts.Common.V1;

namespace Credentials.SignerKeys;

/// <summary>
/// The stable text codes stored in <c>signer_keys</c> for a key's status, algorithm and signature scheme (issue 17
/// item 5: the project's own codes, never contract enum numbers, so renumbering a contract cannot change stored meaning).
/// </summary>
public static class SignerKeyCodes
{
    public static string ToCode(SignerKeyStatus status) => status switch
    {
        SignerKeyStatus.Pending => "pending",
        SignerKeyStatus.Active => "active",
        SignerKeyStatus.Retired => "retired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown signer key status."),
    };

    public static SignerKeyStatus StatusFromCode(string code) => code switch
    {
        "pending" => SignerKeyStatus.Pending,
        "active" => SignerKeyStatus.Active,
        "retired" => SignerKeyStatus.Retired,
        _ => throw new InvalidDataException($"Unknown state code '{code}' in signer_keys."),
    };

    public static string ToCode(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => "rsa-2048",
        KeyAlgorithm.Rsa3072 => "rsa-3072",
        KeyAlgorithm.Rsa4096 => "rsa-4096",
        KeyAlgorithm.EcP256 => "ec-p256",
        KeyAlgorithm.EcP384 => "ec-p384",
        KeyAlgorithm.EcP521 => "ec-p521",
        KeyAlgorithm.BrainpoolP256R1 => "brainpool-p256r1",
        KeyAlgorithm.BrainpoolP384R1 => "brainpool-p384r1",
        KeyAlgorithm.BrainpoolP512R1 => "brainpool-p512r1",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "No stored code for this key algorithm."),
    };

    public static KeyAlgorithm AlgorithmFromCode(string code) => code switch
    {
        "rsa-2048" => KeyAlgorithm.Rsa2048,
        "rsa-3072" => KeyAlgorithm.Rsa3072,
        "rsa-4096" => KeyAlgorithm.Rsa4096,
        "ec-p256" => KeyAlgorithm.EcP256,
        "ec-p384" => KeyAlgorithm.EcP384,
        "ec-p521" => KeyAlgorithm.EcP521,
        "brainpool-p256r1" => KeyAlgorithm.BrainpoolP256R1,
        "brainpool-p384r1" => KeyAlgorithm.BrainpoolP384R1,
        "brainpool-p512r1" => KeyAlgorithm.BrainpoolP512R1,
        _ => throw new InvalidDataException($"Unknown key_algorithm code '{code}' in signer_keys."),
    };

    public static string ToCode(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.RsaPkcs1V15 => "rsa-pkcs1-v1_5",
        SignatureScheme.RsaPss => "rsa-pss",
        SignatureScheme.Ecdsa => "ecdsa",
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "No stored code for this signature scheme."),
    };

    public static SignatureScheme SchemeFromCode(string code) => code switch
    {
        "rsa-pkcs1-v1_5" => SignatureScheme.RsaPkcs1V15,
        "rsa-pss" => SignatureScheme.RsaPss,
        "ecdsa" => SignatureScheme.Ecdsa,
        _ => throw new InvalidDataException($"Unknown signature_scheme code '{code}' in signer_keys."),
    };
}
