using Credentials.Icao9303.Bac;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.Pace;
using Credentials.Testing;

namespace Credentials.Icao9303.Tests.Vectors;

/// <summary>The Doc 9303 worked examples (MRZ specimens, Part 11 Appendix D BAC, Appendix G PACE-GM) as tests.</summary>
public sealed class Doc9303WorkedExampleTests
{
    /// <summary>
    /// The worked examples, one row each; all come from one file of the corpus, so without it this is one skip.
    /// </summary>
    public static IEnumerable<ITheoryDataRow> Examples() => IcaoVectors.Rows(new TheoryData<string>
    {
        nameof(Parse_EverySpecimenMrz_AllCheckDigitsAsRecorded),
        nameof(Compute_CheckDigitExamples_MatchDoc9303),
        nameof(Derive_Part11AppendixD_MatchesKseedKencKmac),
        nameof(GenericMapping_AppendixG1Ecdh_ReproducesEveryValue),
        nameof(GenericMapping_AppendixG2Dh_ReproducesEveryValue),
    });

    [Theory]
    [MemberData(nameof(Examples))]
    public void WorkedExample_ReproducesEveryValue(string example)
    {
        Action check = example switch
        {
            nameof(Parse_EverySpecimenMrz_AllCheckDigitsAsRecorded) => Parse_EverySpecimenMrz_AllCheckDigitsAsRecorded,
            nameof(Compute_CheckDigitExamples_MatchDoc9303) => Compute_CheckDigitExamples_MatchDoc9303,
            nameof(Derive_Part11AppendixD_MatchesKseedKencKmac) => Derive_Part11AppendixD_MatchesKseedKencKmac,
            nameof(GenericMapping_AppendixG1Ecdh_ReproducesEveryValue) => GenericMapping_AppendixG1Ecdh_ReproducesEveryValue,
            nameof(GenericMapping_AppendixG2Dh_ReproducesEveryValue) => GenericMapping_AppendixG2Dh_ReproducesEveryValue,
            _ => throw new ArgumentOutOfRangeException(nameof(example), example, "no such worked example"),
        };
        check();
    }

    private static void Parse_EverySpecimenMrz_AllCheckDigitsAsRecorded()
    {
        var examples = WorkedExamples.Load().GetProperty("mrz_examples");
        var count = 0;
        foreach (var example in examples.EnumerateArray())
        {
            var lines = example.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToArray();
            var mrz = MachineReadableZone.Parse(lines);
            var type = example.Str("type").Replace("-", string.Empty, StringComparison.Ordinal);
            Assert.Equal(type, mrz.Format.ToString(), ignoreCase: true);
            Assert.Equal(example.GetProperty("all_check_digits_valid").GetBoolean(), mrz.IsValid);
            var fields = example.GetProperty("fields");
            if (fields.Str("doc_number_cd") == "<")
            {
                // Long document number (TD1/TD2): the collector records the first 9 characters; the rest and the
                // check digit lead the optional data.
                var optional = fields.TryGetProperty("optional1", out var o1) ? o1.GetString()! : fields.Str("optional");
                var rest = optional[..optional.IndexOf('<', StringComparison.Ordinal)];
                Assert.Equal(fields.Str("doc_number") + rest[..^1], mrz.Data.DocumentNumber);
            }
            else
            {
                Assert.Equal(fields.Str("doc_number"), mrz.Data.DocumentNumber);
            }

            Assert.Equal(fields.Str("dob"), mrz.Data.DateOfBirth);
            Assert.Equal(fields.Str("doe"), mrz.Data.DateOfExpiry);
            if (example.TryGetProperty("computed_check_digits", out var computed) && computed.TryGetProperty("composite_cd", out var composite))
            {
                Assert.Equal((char)('0' + composite.GetInt32()), mrz.Checks.Single(c => c.Field == "composite").Computed);
            }

            // Generation from the parsed fields reproduces the printed lines.
            var regenerated = MachineReadableZone.Create(mrz.Format, mrz.Data);
            Assert.Equal(lines, regenerated.Lines);
            count++;
        }

        Assert.Equal(7, count);
    }

    private static void Compute_CheckDigitExamples_MatchDoc9303()
    {
        foreach (var example in WorkedExamples.Load().GetProperty("check_digit_examples").EnumerateArray())
        {
            Assert.Equal(example.GetProperty("check_digit").GetInt32(), MrzCheckDigit.Compute(example.Str("input")));
        }
    }

    private static void Derive_Part11AppendixD_MatchesKseedKencKmac()
    {
        var bac = WorkedExamples.Load().GetProperty("bac_appendix_D");
        var fields = bac.GetProperty("mrz_fields");
        var keys = BacKeys.Derive(fields.Str("document_number").TrimEnd('<'), fields.Str("date_of_birth"), fields.Str("date_of_expiry"));
        Assert.Equal(bac.Str("MRZ_information"), keys.MrzInformation);
        Assert.Equal(bac.Hex("K_seed"), keys.KSeed);
        Assert.Equal(bac.Hex("K_enc"), keys.KEnc);
        Assert.Equal(bac.Hex("K_mac"), keys.KMac);

        // Session keys from K_seed = K_IFD xor K_IC (Appendix D.3).
        var kIfd = bac.Hex("K_IFD");
        var kIc = bac.Hex("K_IC");
        var seed = kIfd.Zip(kIc, (a, b) => (byte)(a ^ b)).ToArray();
        Assert.Equal(bac.Hex("K_seed_session"), seed);
        Assert.Equal(bac.Hex("KS_enc"), Doc9303Kdf.DeriveTripleDes(seed, Doc9303Kdf.Encryption));
        Assert.Equal(bac.Hex("KS_mac"), Doc9303Kdf.DeriveTripleDes(seed, Doc9303Kdf.Mac));
    }

    private static void GenericMapping_AppendixG1Ecdh_ReproducesEveryValue()
    {
        var g1 = WorkedExamples.Load().GetProperty("pace_ecdh_gm_appendix_G1");
        var kpi = PaceGenericMapping.DerivePasswordKeyFromMrz(g1.Str("MRZ_information"));
        Assert.Equal(g1.Hex("K_pi"), kpi);
        var s = PaceGenericMapping.DecryptNonce(kpi, g1.Hex("encrypted_nonce_z"));
        Assert.Equal(g1.Hex("nonce_s"), s);

        const string curve = "brainpoolP256r1";
        Assert.Equal(g1.Hex("terminal_mapping_public_key"), PaceGenericMapping.EcdhPublicKey(curve, Generator(curve), g1.Hex("terminal_mapping_private_key")));
        var (h, mapped) = PaceGenericMapping.MapEcdh(curve, s, g1.Hex("terminal_mapping_private_key"), g1.Hex("chip_mapping_public_key"));
        Assert.Equal(g1.Hex("shared_secret_H"), h);
        Assert.Equal(g1.Hex("mapped_generator_G_prime"), mapped);
        Assert.Equal(g1.Hex("terminal_ephemeral_public_key"), PaceGenericMapping.EcdhPublicKey(curve, mapped, g1.Hex("terminal_ephemeral_private_key")));
        var k = PaceGenericMapping.EcdhSharedSecret(curve, g1.Hex("terminal_ephemeral_private_key"), g1.Hex("chip_ephemeral_public_key"));
        Assert.Equal(g1.Hex("shared_secret_K_x"), k);
        var (enc, mac) = PaceGenericMapping.DeriveSessionKeys(k);
        Assert.Equal(g1.Hex("KS_enc"), enc);
        Assert.Equal(g1.Hex("KS_mac"), mac);
        const string oid = "0.4.0.127.0.7.2.2.4.2.2";
        Assert.Equal(g1.Hex("T_IFD_authentication_token"), PaceGenericMapping.AuthenticationToken(mac, oid, g1.Hex("chip_ephemeral_public_key"), isEcdh: true));
        Assert.Equal(g1.Hex("T_IC_authentication_token"), PaceGenericMapping.AuthenticationToken(mac, oid, g1.Hex("terminal_ephemeral_public_key"), isEcdh: true));
    }

    private static void GenericMapping_AppendixG2Dh_ReproducesEveryValue()
    {
        var g2 = WorkedExamples.Load().GetProperty("pace_dh_gm_appendix_G2");
        var group = g2.GetProperty("group");
        var p = group.Hex("p");
        var g = group.Hex("g");
        var kpi = PaceGenericMapping.DerivePasswordKeyFromMrz(g2.Str("MRZ_information"));
        Assert.Equal(g2.Hex("K_pi"), kpi);
        var s = PaceGenericMapping.DecryptNonce(kpi, g2.Hex("encrypted_nonce_z"));
        Assert.Equal(g2.Hex("nonce_s"), s);
        Assert.Equal(g2.Hex("terminal_mapping_public_key"), PaceGenericMapping.DhModPow(p, g, g2.Hex("terminal_mapping_private_key")));
        var (h, mapped) = PaceGenericMapping.MapDh(p, g, s, g2.Hex("terminal_mapping_private_key"), g2.Hex("chip_mapping_public_key"));
        Assert.Equal(g2.Hex("shared_secret_h"), h);
        Assert.Equal(g2.Hex("mapped_generator_g_prime"), mapped);
        Assert.Equal(g2.Hex("terminal_ephemeral_public_key"), PaceGenericMapping.DhModPow(p, mapped, g2.Hex("terminal_ephemeral_private_key")));
        var k = PaceGenericMapping.DhModPow(p, g2.Hex("chip_ephemeral_public_key"), g2.Hex("terminal_ephemeral_private_key"));
        Assert.Equal(g2.Hex("shared_secret_K"), k);
        var (enc, mac) = PaceGenericMapping.DeriveSessionKeys(k);
        Assert.Equal(g2.Hex("KS_enc"), enc);
        Assert.Equal(g2.Hex("KS_mac"), mac);
        const string oid = "0.4.0.127.0.7.2.2.4.1.2";
        Assert.Equal(g2.Hex("T_IFD_authentication_token"), PaceGenericMapping.AuthenticationToken(mac, oid, g2.Hex("chip_ephemeral_public_key"), isEcdh: false));
        Assert.Equal(g2.Hex("T_IC_authentication_token"), PaceGenericMapping.AuthenticationToken(mac, oid, g2.Hex("terminal_ephemeral_public_key"), isEcdh: false));
    }

    private static byte[] Generator(string curve) => Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName(curve).G.GetEncoded(false);
}
