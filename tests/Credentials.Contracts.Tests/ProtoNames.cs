using System.Text;

namespace Credentials.Contracts.Tests;

/// <summary>Name conversions used by buf's STANDARD rules.</summary>
internal static class ProtoNames
{
    /// <summary>"CertificateKind" becomes "CERTIFICATE_KIND"; "KeyAlgorithm" becomes "KEY_ALGORITHM".</summary>
    public static string ToUpperSnake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1]))))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}
