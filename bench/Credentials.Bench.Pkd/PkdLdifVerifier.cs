using System.Collections.Concurrent;
using System.Threading.Channels;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Bench.Pkd;

/// <summary>
/// Streams a PKD LDIF once and verifies every signature in it: each Master List (CMS signature, signer EKU and chain to
/// a CSCA of its State inside the list), each distinct CSCA/link certificate once (self-signature, or link under the
/// previous key), every DSC under its CSCA (matched by AKI/SKI) and every CRL under its CSCA. Master Lists are verified
/// on the reading thread as they come (they feed the CSCA index); DSCs and CRLs fan out to one worker per core through a
/// bounded channel, so memory stays bounded by the channel, never by the file.
/// </summary>
internal sealed class PkdLdifVerifier
{
    private readonly ConcurrentDictionary<string, X509CertificateParts> _cscasBySki = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _seenCscas = new(StringComparer.Ordinal);
    private long _entries;
    private long _masterLists;
    private long _masterListsValid;
    private long _cscas;
    private long _cscasValid;
    private long _dscs;
    private long _dscsValid;
    private long _crls;
    private long _crlsValid;
    private long _revokedEntries;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    public async Task<PkdVerificationSummary> RunAsync(string path, int workers, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LdifEntry>(new BoundedChannelOptions(512) { SingleWriter = true, SingleReader = false });
        var consumers = Enumerable.Range(0, workers).Select(_ => Task.Run(() => ConsumeAsync(channel.Reader, cancellationToken), cancellationToken)).ToArray();
        await using (var reader = new LdifReader(File.OpenRead(path)))
        {
            await foreach (var entry in reader.ReadAllAsync(cancellationToken))
            {
                _entries++;
                switch (entry.Kind)
                {
                    case PkdEntryKind.MasterList:
                        VerifyMasterList(entry);
                        break;
                    case PkdEntryKind.Dsc or PkdEntryKind.NonConformantDsc or PkdEntryKind.Crl:
                        await channel.Writer.WriteAsync(entry, cancellationToken);
                        break;
                }
            }
        }

        channel.Writer.Complete();
        await Task.WhenAll(consumers);
        return new PkdVerificationSummary(_entries, _masterLists, _masterListsValid, _cscas, _cscasValid, _dscs, _dscsValid, _crls, _crlsValid, _revokedEntries,
            _failures.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Value));
    }

    private void VerifyMasterList(LdifEntry entry)
    {
        _masterLists++;
        var result = SignedListVerifier.VerifyMasterList(entry.Payload);
        if (!result.IsValid)
        {
            Fail(result.FailureReason!);
            return;
        }

        _masterListsValid++;
        foreach (var csca in result.MasterList!.Certificates)
        {
            var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(csca.Encoded.Span));
            if (!_seenCscas.TryAdd(fingerprint, true))
            {
                continue;
            }

            _cscas++;
            // A self-signed CSCA verifies under itself; a link certificate under the CSCA its AKI names.
            var issuer = csca.AuthorityKeyIdentifier is { } aki && csca.SubjectKeyIdentifier is { } ski && !aki.Span.SequenceEqual(ski.Span)
                ? SignedListVerifier.FindIssuer(csca, result.MasterList.Certificates)
                : SignedListVerifier.FindIssuer(csca, [csca]);
            if (issuer is null)
            {
                Fail("csca.signature-invalid");
                continue;
            }

            _cscasValid++;
            if (csca.SubjectKeyIdentifier is { } key)
            {
                _cscasBySki.TryAdd(Convert.ToHexString(key.Span), csca);
            }
        }
    }

    private async Task ConsumeAsync(ChannelReader<LdifEntry> reader, CancellationToken cancellationToken)
    {
        // VerificationKey wraps platform key objects: one cache per worker, never shared across threads.
        var keys = new Dictionary<string, VerificationKey>(StringComparer.Ordinal);
        try
        {
            await foreach (var entry in reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    if (entry.Kind == PkdEntryKind.Crl)
                    {
                        VerifyCrl(entry);
                    }
                    else
                    {
                        VerifyDsc(entry, keys);
                    }
                }
                catch (Icao9303FormatException ex)
                {
                    Fail(ex.Reason);
                }
            }
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    private void VerifyDsc(LdifEntry entry, Dictionary<string, VerificationKey> keys)
    {
        Interlocked.Increment(ref _dscs);
        var dsc = X509CertificateParts.Decode(entry.Payload);
        if (dsc.AuthorityKeyIdentifier is not { } aki || !_cscasBySki.TryGetValue(Convert.ToHexString(aki.Span), out var csca))
        {
            Fail("dsc.issuer-not-found");
            return;
        }

        var id = Convert.ToHexString(aki.Span);
        if (!keys.TryGetValue(id, out var key))
        {
            keys[id] = key = VerificationKey.FromSubjectPublicKeyInfo(csca.SubjectPublicKeyInfo);
        }

        if (!DistinguishedNames.AreEquivalent(dsc.Issuer, csca.Subject) || !SignatureVerifier.VerifyCertificateSignature(dsc, key))
        {
            Fail("dsc.signature-invalid");
            return;
        }

        Interlocked.Increment(ref _dscsValid);
    }

    private void VerifyCrl(LdifEntry entry)
    {
        Interlocked.Increment(ref _crls);
        var crl = CertificateRevocationList.Decode(entry.Payload);
        Interlocked.Add(ref _revokedEntries, crl.RevokedCertificates.Count);
        if (crl.AuthorityKeyIdentifier is not { } aki || !_cscasBySki.TryGetValue(Convert.ToHexString(aki.Span), out var csca))
        {
            Fail("crl.issuer-not-found");
            return;
        }

        var result = CrlVerifier.Verify(crl, csca);
        if (!result.IsValid)
        {
            Fail(result.FailureReason!);
            return;
        }

        Interlocked.Increment(ref _crlsValid);
    }

    private void Fail(string reason) => _failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
}
