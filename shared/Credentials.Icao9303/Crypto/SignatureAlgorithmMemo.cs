namespace Credentials.Icao9303.Crypto;

/// <summary>
/// Remembers the last <see cref="SignatureAlgorithm.Decode"/> of one signer: a Document Signer puts the same
/// signatureAlgorithm in every SOD it signs, and decoding RSASSA-PSS parameters (RFC 8017 appendix A.2.3: four OIDs,
/// salt length, trailer) costs more than the rest of the algorithm handling. Decoding is a pure function of the DER
/// bytes and the SignerInfo digest algorithm, so the memo answers only for byte-identical input (compared in full);
/// anything else is decoded as before, with the same exceptions. Thread-safe (one immutable entry, swapped whole).
/// </summary>
internal sealed class SignatureAlgorithmMemo
{
    private Entry? _last;

    /// <summary>As <see cref="SignatureAlgorithm.Decode"/>.</summary>
    /// <exception cref="Icao9303FormatException">Malformed or unsupported, exactly as <see cref="SignatureAlgorithm.Decode"/>.</exception>
    public SignatureAlgorithm Decode(ReadOnlyMemory<byte> algorithmIdentifierDer, string? digestAlgorithmOid)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && string.Equals(last.DigestAlgorithmOid, digestAlgorithmOid, StringComparison.Ordinal)
            && algorithmIdentifierDer.Span.SequenceEqual(last.Encoded))
        {
            return last.Algorithm;
        }

        var algorithm = SignatureAlgorithm.Decode(algorithmIdentifierDer, digestAlgorithmOid);
        Volatile.Write(ref _last, new Entry(algorithmIdentifierDer.ToArray(), digestAlgorithmOid, algorithm));
        return algorithm;
    }

    private sealed record Entry(byte[] Encoded, string? DigestAlgorithmOid, SignatureAlgorithm Algorithm);
}
