namespace Credentials.Icao9303.Tests.Vds;

/// <summary>
/// Published worked examples of seals (data only, re-typed as hex or JSON; see README.md beside this file for the
/// sources and what each test checks).
/// <para>BSI TR-03137 Part 1 v2.5 (3 December 2021), Annexes C–H: six Doc 9303 Part 13 seals with header, message
/// zone and signature written out byte by byte. Their signer certificates (DETS00027, DETS0227, DETS0232) are not
/// published in the guideline, so the signatures cannot be verified here.</para>
/// <para>ICAO TR VDS-NC worked examples (issuer UTO): a proof of testing (<c>icao.test</c>) and a proof of vaccination
/// (<c>icao.vacc</c>) with their embedded signer certificates (issued 2021-04-07 by "UT CA", valid until 2026-10-07),
/// as carried by kurzdigital/vds-jvm @ d4218b5466ffe61201fcc0fc157bb4c04be6b487,
/// src/test/resources/vdsnc_sample_proof_of_test and vdsnc_sample_proof_of_vaccination. The "UT CA" certificate is
/// not published, so no path to a CSCA can be built.</para>
/// </summary>
internal static class PublicWorkedExamples
{
    /// <summary>Annex C: arrival attestation (0xFD/0x02), header v3, issuer D&lt;&lt;, signer DETS00027.</summary>
    public const string BsiArrivalAttestation =
        "DC026ABC6D32C8A519FC0F71341145F4FD020230A5621353D9A275735BD4134BC549133C133C133C133C133CA32519A519A4344A5E681AE7204B20D532CF4B7C"
        + "133C133F030820D5201019A51AEAFF404A1F218CA4392647ECFF6C8ABF9E796A78EEBE0B1AC8CC25C4EE17EED961D1189091358D7D616F1A517ABC747F6C4490"
        + "FF159D4DCF50248B00B1E32E9E7805E7";

    /// <summary>Annex D: social insurance card (0xFC/0x04), header v3, UTF-8 names.</summary>
    public const string BsiSocialInsuranceCard =
        "DC026ABC6D32C8A519FC0F7134116D04FC0401083FEE456D2DE019A8020B506572736368776569C39F03054F7363617204134AC3A2636F62C3A96E6964696374"
        + "7572697573FF40582ED05CB05049B4FE49744D5E70A1982F8B7AFB1E90259CE47BA9907EFCF59483F0A0B421EC760D6FD2284BBAC37E136F1E3BE6E14A6F6BC0"
        + "12110CFF919D0F";

    /// <summary>Annex E: residence permit (0xFB/0x06), header v4, signer DETS, certificate reference 27.</summary>
    public const string BsiResidencePermit =
        "DC036ABC6D32C8A727390F71341145F4FB0602305CBA135875976EC066D417B59E8C6ABC133C133C133C133C3FEF3A2938EE43F1593D1AE52DBB26751FE64B7C"
        + "133C136B0306D79519A65306FF40158CF5B0BB7FBDA099E8E7C94ABEFC9677B2E71E9885F5CD9057A8BFCF930A6046BCF897650AF8F9B0343C034D2F64CE081F"
        + "95FBF3D01292D1F8165ECE27D327";

    /// <summary>Annex F: visa (0x5D/0x01), header v4, signer DETS, certificate reference 32, brainpoolP224r1 (56-byte signature).</summary>
    public const string BsiVisa =
        "DC036ABC6D32C8A72CB10F7134B798155D01022CDD52134A74DA1347C6FED95CB89F9FCE133C133C133C133C203833734AAF47F0C32F1A1E20EB2625393AFE31"
        + "0403A00000050633BE1FED20C6FF38D5573247608C9B64CAE022C1C5249660E51AE316D600F974AAC2129C3F093C35955314026304705CD24C1B8100711BD441"
        + "1F068E8D93E8B7";

    /// <summary>Annex G: address sticker for the German identity card (0xF9/0x08), header v4.</summary>
    public const string BsiAddressStickerIdCard =
        "DC036ABC6D32C8A72CB10F7135B79815F9080106CF3519AF974C02061A70208519A10310395E26B3D9A275735BD4CD485CA17176FF389101F305C9AA04D2AB00"
        + "212C7CF65FEFCAAF565A54538B2498D681A18839C92656526C40594B0B1DA12A27F687A3501278DC4145B6E64AFC";

    /// <summary>Annex H: residence sticker for the German passport (0xF8/0x0A), header v4.</summary>
    public const string BsiResidenceStickerPassport =
        "DC036ABC6D32C8A72CB10F7135B79815F80A0106B77A38E596CE02061A203A4D1FE1030426532081FF381462BCFEF51AD1B8D09DE328B15C5435E64829CE5486"
        + "47DD579787169624A046738DC5023708319A4294811131EAAC58D518CFE98B431437";

    /// <summary>TR VDS-NC proof of testing (UTO), signer serial 0x67, CN=05.</summary>
    public const string ProofOfTesting =
        """{"data":{"hdr":{"t":"icao.test","v":1,"is":"UTO"},"msg":{"utci":"U01932","pid":{"n":"Cook Gerald","dob":"1990-01-29","dt":"P","dn":"E1234567P"},"sp":{"spn":"General Hospital","ctr":"UTO","cd":{"p":"+00068765432","e":"genhosp@mail.com","a":"12 Utopia Street"}},"dat":{"sc":"2020-12-12T12:00:00+08:00","ri":"2021-02-11T14:00:00+08:00"},"tr":{"tc":"molecular(PCR)","r":"negative","m":"nasopharyngeal"},"opt":"ID12345"}},"sig":{"alg":"ES256","cer":"MIIBeTCCAR2gAwIBAgIBZzAMBggqhkjOPQQDAgUAMB0xCzAJBgNVBAYTAlVUMQ4wDAYDVQQDDAVVVCBDQTAeFw0yMTA0MDcwNDI2MTVaFw0yNjEwMDcwNDI2MTVaMBoxCzAJBgNVBAYTAlVUMQswCQYDVQQDEwIwNTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBzop6IWxg_Qo8JVlG-r9EzjoAoXKsSUmkuHCTKZTY-b5atMP8jDtjJaGhaL_2VvrNbz7WDGsWf-7MqqFzxsS6ejTzBNMBIGA1UdJQQLMAkGB2eBCAEBDgIwHwYDVR0jBBgwFoAUymyksnX8rywn0RH7nDq-Bs2QOqowFgYHZ4EIAQEGAgQLMAkCAQAxBBMCTlQwDAYIKoZIzj0EAwIFAANIADBFAiAce9uX8UOpdsOtEkAtkDu2GPyzy_S8vQP4qhzGbooa8gIhAO_5ORo2bsTor6CXHngGld4NNtUGsXNqXl-9qEfVcsqb","sigvl":"z_VZDdMvjjRkg06nYLwHt4BP_APEm3MJT8WqOOz_DXTRZA2oxkutZhS0n7yYTHgw-MKZUJmQyhrdZgm7q-267g=="}}""";

    /// <summary>TR VDS-NC proof of vaccination (UTO), two doses, signer serial 0x68, CN=06.</summary>
    public const string ProofOfVaccination =
        """{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"UTO"},"msg":{"uvci":"U32870","pid":{"n":"Smith Bill","sex":"M","i":"A1234567Z"},"ve":[{"des":"XM68M6","nam":"Comirnaty","dis":"RA01.0","vd":[{"dvc":"2021-03-03","seq":1,"ctr":"UTO","adm":"RIVM","lot":"VC35679"},{"dvc":"2021-03-24","seq":2,"ctr":"UTO","adm":"RIVM","lot":"VC87540"}]}]}},"sig":{"alg":"ES256","cer":"MIIBeTCCAR2gAwIBAgIBaDAMBggqhkjOPQQDAgUAMB0xCzAJBgNVBAYTAlVUMQ4wDAYDVQQDDAVVVCBDQTAeFw0yMTA0MDcwNDMwMjZaFw0yNjEwMDcwNDMwMjZaMBoxCzAJBgNVBAYTAlVUMQswCQYDVQQDEwIwNjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABI5bRQ3-vabXhHAs2IPi-k9rP_TS2J8aq5fTtUG1iOwXdBxx2n6c38TJ2MzBWT5PHCKVlq5JOCyJ1nDlCPd1S2yjTzBNMBIGA1UdJQQLMAkGB2eBCAEBDgIwHwYDVR0jBBgwFoAUymyksnX8rywn0RH7nDq-Bs2QOqowFgYHZ4EIAQEGAgQLMAkCAQAxBBMCTlYwDAYIKoZIzj0EAwIFAANIADBFAiBVaaJVHvWLX756yAGt04C89ZEWGr-BsHDgaRb0EH3d9gIhAO2UNvLNhEoUWT1I_zj_cG5mh2U-lWCMBUQ3zSQqWUcs","sigvl":"xgHiDTywgNPZ1AJVQUhPL-mgKvKaxDU5NMFIfH2POEbYNQxJ_Zp5QBdrZQY5saKU0OdWUHH4ev7KNBPgEEByWA=="}}""";
}
