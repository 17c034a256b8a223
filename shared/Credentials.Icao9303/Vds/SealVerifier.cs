// Over ~400 lines on purpose: the seal verification runs the checks in the order Doc 9303 Part 13 §4 and TR VDS-NC §5
// give them (structure, signer, signature, role, path, validity, revocation) and grades them as Passive Authentication
// does; the signer cache and the two seal kinds share that one sequence.
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.X509;

namespace Credentials.Icao9303.Vds;

/// <summary>
/// Verifies Visible Digital Seals (Doc 9303 Part 13 §4), VDS-NC seals (ICAO TR VDS-NC §5) and IDB barcodes (ICAO TR
/// "ICAO Datastructure for Barcode") against the same CSCA trust store as Passive Authentication: structure and document
/// profile, signer certificate (VDS: found by signer identifier and certificate reference among the known signer
/// certificates; VDS-NC: embedded; IDB: embedded or found by certificate reference), plain-ECDSA signature, the
/// signer's role (only a seal signer may sign seals: <see cref="CertificateRoleRule"/> with <see cref="CertificateRole.SealSigner"/>), path to a trusted CSCA, validity,
/// and CRL status. The verdict is graded as Passive Authentication grades it.
/// <para>Never throws for bad input: malformed data becomes a failed check.</para>
/// </summary>
public sealed class SealVerifier : IDisposable
{
    private readonly SignerChainResolver _chains;
    private readonly RevocationCheck _revocation;

    /// <summary>
    /// Creates a verifier over a trust store (not owned). Thread-safe. Per signer certificate the decoded certificate, its
    /// key, its role decision and its path to a CSCA are cached by Passive Authentication's resolver (one path rule:
    /// <see cref="SignerChainResolver"/> with the seal signer profile, keyed by every byte of the certificate, bounded), and
    /// the CRLs are verified once per CSCA; the seal, its signature, the validity and the CRL status are checked on every call.
    /// </summary>
    public SealVerifier(IPassiveAuthenticationTrustSource trustStore, PassiveAuthenticationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(trustStore);
        _chains = new SignerChainResolver(trustStore, SignerPathProfile.SealSigner);
        _revocation = new RevocationCheck(trustStore, policy ?? PassiveAuthenticationPolicy.Default);
    }

    /// <inheritdoc />
    public void Dispose() => _chains.Dispose();

    /// <summary>Which encoding <paramref name="seal"/> is in, by its first significant byte.</summary>
    public static SealFormat DetectFormat(ReadOnlySpan<byte> seal)
    {
        foreach (var b in seal)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b switch
            {
                VdsHeader.MagicConstant => SealFormat.Vds,
                (byte)'{' => SealFormat.VdsNc,
                (byte)'R' or (byte)'N' when Idb.IdbBarcode.HasBarcodeIdentifier(seal) => SealFormat.Idb,
                _ => SealFormat.Unspecified,
            };
        }

        return SealFormat.Unspecified;
    }

    /// <summary>Verifies one seal.</summary>
    public SealVerificationResult Verify(SealVerificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checks = new List<PassiveAuthenticationCheck>(12);
        var format = DetectFormat(request.Seal.Span);
        return format switch
        {
            SealFormat.Vds => VerifyVds(request, checks),
            SealFormat.VdsNc => VerifyVdsNc(request, checks),
            SealFormat.Idb => VerifyIdb(request, checks),
            _ => Result(checks, format, new("seal.structure", CheckStatus.Fail, "seal.format-unknown", "Neither a VDS (0xDC), a VDS-NC (JSON object) nor an IDB (RDB1/NDB1).")),
        };
    }

    private SealVerificationResult VerifyVds(SealVerificationRequest request, List<PassiveAuthenticationCheck> checks)
    {
        VisibleDigitalSeal seal;
        try
        {
            seal = VisibleDigitalSeal.Decode(request.Seal);
        }
        catch (Icao9303FormatException ex)
        {
            return Result(checks, SealFormat.Vds, new("seal.structure", CheckStatus.Fail, ex.Reason, ex.Message));
        }

        var header = seal.Header;
        checks.Add(new("seal.structure", CheckStatus.Pass, "vds.ok",
            $"VDS v{(header.Version == VdsHeaderVersion.Version3 ? 3 : 4)} from {header.IssuingCountry}, signer {header.SignerIdentifier} reference {header.CertificateReference}, {seal.Features.Count} feature(s)."));
        var profile = VdsDocumentProfile.Find(header);
        if (profile is null)
        {
            checks.Add(new("seal.profile", CheckStatus.Warn, "vds.profile-unknown",
                $"No known profile for feature definition 0x{header.DocumentFeatureDefinitionReference:X2} / category 0x{header.DocumentTypeCategory:X2}; features not interpreted."));
        }
        else
        {
            try
            {
                profile.Validate(seal.Features);
                checks.Add(new("seal.profile", CheckStatus.Pass, "vds.profile-valid", $"The message zone matches the {profile.Name} profile."));
            }
            catch (Icao9303FormatException ex)
            {
                checks.Add(new("seal.profile", CheckStatus.Fail, ex.Reason, ex.Message));
            }
        }

        checks.Add(SignedInFuture(header.SignatureCreationDate, request.ValidationTime)
            ? new("seal.dates", CheckStatus.Fail, "vds.signed-in-future", $"The signature creation date {header.SignatureCreationDate:O} is after the validation time.")
            : new("seal.dates", CheckStatus.Pass, "vds.dates-valid", $"Issued {header.DocumentIssueDate:O}, signed {header.SignatureCreationDate:O}."));

        // Doc 9303 Part 13 §2.2: the certificate reference is the signer certificate's serial number in hex; the signer
        // identifier begins with the signer's country code.
        var (signer, ownsSigner, candidates) = FindSigner(
            SignerCandidates(request, c => MatchesSignerReference(header, c)),
            key => VerifyPlain(key, VdsDigestAlgorithm(key), seal.SignedData.Span, seal.Signature.Span));
        try
        {
            if (signer is null)
            {
                if (candidates == 0)
                {
                    checks.Add(new("seal.signer-certificate", CheckStatus.Fail, "signer.not-found",
                        $"No known signer certificate matches signer {header.SignerIdentifier} reference {header.CertificateReference}.", Indeterminate: true));
                    checks.Add(new("seal.signature", CheckStatus.Skip, "signer.not-found", "No signer certificate: the signature cannot be verified.", Indeterminate: true));
                }
                else
                {
                    checks.Add(new("seal.signer-certificate", CheckStatus.Pass, "signer.found", $"{candidates} certificate(s) match signer {header.SignerCertificateReference}."));
                    checks.Add(new("seal.signature", CheckStatus.Fail, "seal.signature-invalid", "The seal signature does not verify with the key of any matching signer certificate."));
                }

                return Result(checks, SealFormat.Vds, null, seal: seal);
            }

            checks.Add(Found(signer));
            checks.Add(new("seal.signature", CheckStatus.Pass, "seal.signature-valid", $"Plain ECDSA with {DigestAlgorithms.GetName(VdsDigestAlgorithm(signer.Key!))} verifies with the signer key."));
            var csca = AddSignerChecks(checks, signer, request.ValidationTime);
            return Result(checks, SealFormat.Vds, null, seal: seal, signer: signer.Certificate, csca: csca);
        }
        finally
        {
            Release(signer, ownsSigner);
        }
    }

    private SealVerificationResult VerifyVdsNc(SealVerificationRequest request, List<PassiveAuthenticationCheck> checks)
    {
        VdsNcSeal seal;
        try
        {
            seal = VdsNcSeal.Decode(request.Seal.Span);
        }
        catch (Icao9303FormatException ex)
        {
            return Result(checks, SealFormat.VdsNc, new("seal.structure", CheckStatus.Fail, ex.Reason, ex.Message));
        }

        checks.Add(new("seal.structure", CheckStatus.Pass, "vdsnc.ok", $"VDS-NC {seal.Header.Type} v{seal.Header.Version} from {seal.Header.IssuingCountry}, {seal.Algorithm}."));
        SignerChain signer;
        bool owned;
        try
        {
            (signer, owned) = GetSigner(seal.SignerCertificate.Span);
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("seal.signer-certificate", CheckStatus.Fail, ex.Reason, $"The embedded signer certificate is unusable: {ex.Message}"));
            return Result(checks, SealFormat.VdsNc, null, sealNc: seal);
        }

        try
        {
            if (signer.Key is not { } key)
            {
                checks.Add(new("seal.signer-certificate", CheckStatus.Fail, "signer.key-unusable", signer.KeyError ?? "The signer key cannot be used."));
                return Result(checks, SealFormat.VdsNc, null, sealNc: seal, signer: signer.Certificate);
            }

            checks.Add(Embedded(signer));
            var digest = VdsNcAlgorithm.DigestOid(seal.Algorithm)!;
            checks.Add(VerifyPlain(key, digest, seal.SignedData.Span, seal.SignatureValue.Span)
                ? new("seal.signature", CheckStatus.Pass, "seal.signature-valid", $"{seal.Algorithm} verifies over the canonical data with the embedded signer key.")
                : new("seal.signature", CheckStatus.Fail, "seal.signature-invalid", $"The {seal.Algorithm} signature does not verify over the canonical data."));
            var csca = AddSignerChecks(checks, signer, request.ValidationTime);
            return Result(checks, SealFormat.VdsNc, null, sealNc: seal, signer: signer.Certificate, csca: csca);
        }
        finally
        {
            Release(signer, owned);
        }
    }

    /// <summary>
    /// An IDB (ICAO TR "ICAO Datastructure for Barcode"): structure, message types, dates, then the signer — embedded
    /// (tag 0x7E) or found by the header's certificate reference among the request's and the store's signer certificates —
    /// and the same signature, role, path, validity and CRL checks as a VDS.
    /// </summary>
    private SealVerificationResult VerifyIdb(SealVerificationRequest request, List<PassiveAuthenticationCheck> checks)
    {
        Idb.IdbBarcode seal;
        try
        {
            seal = Idb.IdbBarcode.Decode(request.Seal.Span);
        }
        catch (Icao9303FormatException ex)
        {
            return Result(checks, SealFormat.Idb, new("seal.structure", CheckStatus.Fail, ex.Reason, ex.Message));
        }

        var header = seal.Header;
        var summary = $"IDB {seal.Identifier} from {header.CountryIdentifier}, {(seal.IsSigned ? $"signed ({header.SignatureAlgorithm}, reference {Convert.ToHexString(header.CertificateReference.Span)})" : "unsigned")}{(seal.IsCompressed ? ", compressed" : string.Empty)}, {seal.Messages.Count} message(s).";
        checks.Add(header.DateEncoding == Idb.IdbSignatureDateEncoding.MaskedFourBytes
            ? new("seal.structure", CheckStatus.Warn, "idb.header-date-masked", summary + " The signature creation date carries a date mask byte (12-byte header), a known deviation from the TR's 11-byte header.")
            : new("seal.structure", CheckStatus.Pass, "idb.ok", summary));
        try
        {
            Idb.IdbMessageType.Validate(seal);
            checks.Add(new("seal.profile", CheckStatus.Pass, "idb.profile-valid", "Every message is of a defined type and length."));
        }
        catch (Icao9303FormatException ex)
        {
            checks.Add(new("seal.profile", CheckStatus.Fail, ex.Reason, ex.Message));
        }

        if (!seal.IsSigned)
        {
            checks.Add(new("seal.signature", CheckStatus.Fail, "idb.unsigned", "The barcode flag marks the IDB unsigned: nothing vouches for its content."));
            return Result(checks, SealFormat.Idb, null, idb: seal);
        }

        var signed = header.SignatureCreationDate!.Value;
        checks.Add(SignedInFuture(signed, request.ValidationTime)
            ? new("seal.dates", CheckStatus.Fail, "idb.signed-in-future", $"The signature creation date {signed:O} is after the validation time.")
            : new("seal.dates", CheckStatus.Pass, "idb.dates-valid", $"Signed {signed:O}."));

        // TR IDB §3.2: the signature algorithm byte names the hash; the signature is plain r ‖ s over header ‖ message group.
        var digest = header.SignatureAlgorithm switch
        {
            Idb.IdbSignatureAlgorithm.EcdsaSha256 => Oids.Sha256,
            Idb.IdbSignatureAlgorithm.EcdsaSha384 => Oids.Sha384,
            _ => Oids.Sha512,
        };
        bool Verifies(VerificationKey key) => VerifyPlain(key, digest, seal.SignedData.Span, seal.Signature.Span);

        SignerChain? signer;
        bool owned;
        if (!seal.SignerCertificate.IsEmpty)
        {
            try
            {
                (signer, owned) = GetSigner(seal.SignerCertificate.Span);
            }
            catch (Icao9303FormatException ex)
            {
                checks.Add(new("seal.signer-certificate", CheckStatus.Fail, ex.Reason, $"The embedded signer certificate is unusable: {ex.Message}"));
                return Result(checks, SealFormat.Idb, null, idb: seal);
            }

            if (signer.Key is not { } key)
            {
                checks.Add(new("seal.signer-certificate", CheckStatus.Fail, "signer.key-unusable", signer.KeyError ?? "The signer key cannot be used."));
                Release(signer, owned);

                return Result(checks, SealFormat.Idb, null, idb: seal, signer: signer.Certificate);
            }

            checks.Add(Idb.IdbHeader.CertificateReferenceOf(seal.SignerCertificate.Span).AsSpan().SequenceEqual(header.CertificateReference.Span)
                ? Embedded(signer)
                : new("seal.signer-certificate", CheckStatus.Warn, "idb.certificate-reference-mismatch",
                    $"{signer.Certificate.SubjectName} is embedded, but the header's certificate reference {Convert.ToHexString(header.CertificateReference.Span)} is not the end of its SHA-1 fingerprint."));
            checks.Add(Verifies(key)
                ? new("seal.signature", CheckStatus.Pass, "seal.signature-valid", $"{header.SignatureAlgorithm} verifies with the embedded signer key.")
                : new("seal.signature", CheckStatus.Fail, "seal.signature-invalid", $"The {header.SignatureAlgorithm} signature does not verify with the embedded signer key."));
        }
        else
        {
            var reference = header.CertificateReference;
            (signer, owned, var candidates) = FindSigner(
                SignerCandidates(request, c => Idb.IdbHeader.CertificateReferenceOf(c.Encoded.Span).AsSpan().SequenceEqual(reference.Span)),
                Verifies);
            if (signer is null)
            {
                var hex = Convert.ToHexString(reference.Span);
                if (candidates == 0)
                {
                    checks.Add(new("seal.signer-certificate", CheckStatus.Fail, "signer.not-found", $"No known signer certificate matches certificate reference {hex}.", Indeterminate: true));
                    checks.Add(new("seal.signature", CheckStatus.Skip, "signer.not-found", "No signer certificate: the signature cannot be verified.", Indeterminate: true));
                }
                else
                {
                    checks.Add(new("seal.signer-certificate", CheckStatus.Pass, "signer.found", $"{candidates} certificate(s) match certificate reference {hex}."));
                    checks.Add(new("seal.signature", CheckStatus.Fail, "seal.signature-invalid", "The signature does not verify with the key of any matching signer certificate."));
                }

                return Result(checks, SealFormat.Idb, null, idb: seal);
            }

            checks.Add(Found(signer));
            checks.Add(new("seal.signature", CheckStatus.Pass, "seal.signature-valid", $"{header.SignatureAlgorithm} verifies with the signer key."));
        }

        try
        {
            var csca = AddSignerChecks(checks, signer, request.ValidationTime);
            return Result(checks, SealFormat.Idb, null, idb: seal, signer: signer.Certificate, csca: csca);
        }
        finally
        {
            Release(signer, owned);
        }
    }

    /// <summary>
    /// The signer certificates matching the header (request-supplied first, then the known ones), as cached entries;
    /// undecodable certificates are skipped. Owned entries (cache full) are disposed by the caller.
    /// </summary>
    private IEnumerable<(SignerChain Entry, bool Owned)> SignerCandidates(SealVerificationRequest request, Func<X509CertificateParts, bool> matchesReference)
    {
        foreach (var encoded in request.SignerCertificates)
        {
            (SignerChain Entry, bool Owned)? candidate = null;
            try
            {
                candidate = GetSigner(encoded.Span);
            }
            catch (Icao9303FormatException)
            {
                // An undecodable candidate is no candidate.
            }

            if (candidate is not { } found)
            {
                continue;
            }

            if (matchesReference(found.Entry.Certificate))
            {
                yield return found;
            }
            else
            {
                Release(found.Entry, found.Owned);
            }
        }

        foreach (var certificate in request.KnownSignerCertificates)
        {
            if (matchesReference(certificate))
            {
                yield return GetSigner(certificate.Encoded.Span);
            }
        }
    }

    /// <summary>The chain of a signer certificate, decoded and chained on first sight; Owned when it did not fit in the cache.</summary>
    private (SignerChain Entry, bool Owned) GetSigner(ReadOnlySpan<byte> encoded)
    {
        var (chain, cached) = _chains.GetChain(encoded);
        return (chain, !cached);
    }

    /// <summary>Releases the key of a chain that did not fit in the resolver's cache.</summary>
    private static void Release(SignerChain? chain, bool owned)
    {
        if (owned)
        {
            chain?.Key?.Dispose();
        }
    }

    private static PassiveAuthenticationCheck Found(SignerChain chain) => new("seal.signer-certificate", CheckStatus.Pass, "signer.found", chain.Description + ".");

    private static PassiveAuthenticationCheck Embedded(SignerChain chain) => new("seal.signer-certificate", CheckStatus.Pass, "signer.embedded", chain.Description + ".");

    /// <summary>
    /// Role, path to a trusted CSCA, validity and CRL status of the signer certificate: Passive Authentication's path
    /// rule (<see cref="PathChecks"/> over the resolver's chain, seal signer profile) and its revocation rule
    /// (<see cref="RevocationCheck"/>) — one rule, one place.
    /// </summary>
    private X509CertificateParts? AddSignerChecks(List<PassiveAuthenticationCheck> checks, SignerChain chain, DateTimeOffset validationTime)
    {
        PathChecks.Add(checks, chain, null, validationTime);
        if (chain.Anchor is not { } anchor)
        {
            return null;
        }

        // CRLs of the CSCA's lineage, the newest wins, the CSCA itself on that CRL, and revocation notices of the trust source.
        _revocation.Add(checks, chain.Certificate, anchor, validationTime, "crl.signer", "signer certificate");
        return anchor.Certificate;
    }

    /// <summary>
    /// The first candidate whose key verifies the signature (<paramref name="verifies"/>), whether the caller owns it, and
    /// how many candidates there were; candidates that do not verify are released.
    /// </summary>
    private static (SignerChain? Signer, bool Owned, int Candidates) FindSigner(IEnumerable<(SignerChain Entry, bool Owned)> candidates, Func<VerificationKey, bool> verifies)
    {
        var count = 0;
        foreach (var (entry, owned) in candidates)
        {
            count++;
            if (entry.Key is { } key && verifies(key))
            {
                return (entry, owned, count);
            }

            Release(entry, owned);
        }

        return (null, false, count);
    }

    /// <summary>A seal signed after the validation time (one day of slack for time zones: seal dates have no time) is refused.</summary>
    private static bool SignedInFuture(DateOnly signatureCreationDate, DateTimeOffset validationTime) =>
        signatureCreationDate > DateOnly.FromDateTime(validationTime.UtcDateTime.AddDays(1));

    /// <summary>Doc 9303 Part 13 §2.2: certificate reference = the serial number in hex; signer identifier = country code + 2 characters.</summary>
    internal static bool MatchesSignerReference(VdsHeader header, X509CertificateParts certificate) => VdsSignerReference.Matches(header, certificate);

    /// <summary>Doc 9303 Part 13 §2.4: the hash matches the curve size (<see cref="VdsSignature.DigestOid"/>).</summary>
    internal static string VdsDigestAlgorithm(VerificationKey key) => VdsSignature.DigestOid(key.KeySizeBits);

    private static bool VerifyPlain(VerificationKey key, string digestOid, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
    {
        if (!key.IsEc || signature.Length != 2 * ((key.KeySizeBits + 7) / 8))
        {
            return false;
        }

        var algorithm = SignatureAlgorithm.FromOid(digestOid switch
        {
            Oids.Sha224 => Oids.EcdsaPlainSha224,
            Oids.Sha256 => Oids.EcdsaPlainSha256,
            Oids.Sha384 => Oids.EcdsaPlainSha384,
            _ => Oids.EcdsaPlainSha512,
        }, null);
        try
        {
            return SignatureVerifier.Verify(algorithm, key, signedData, signature);
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }

    private static SealVerificationResult Result(
        List<PassiveAuthenticationCheck> checks,
        SealFormat format,
        PassiveAuthenticationCheck? last,
        VisibleDigitalSeal? seal = null,
        VdsNcSeal? sealNc = null,
        X509CertificateParts? signer = null,
        Idb.IdbBarcode? idb = null,
        X509CertificateParts? csca = null)
    {
        if (last is not null)
        {
            checks.Add(last);
        }

        return new SealVerificationResult
        {
            Verdict = PassiveAuthenticationVerdictRule.Of(checks),
            Checks = checks,
            Format = format,
            Vds = seal,
            VdsNc = sealNc,
            Idb = idb,
            SignerCertificate = signer,
            Csca = csca,
        };
    }
}
