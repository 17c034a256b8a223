namespace Credentials.Icao9303.Tests.Vds;

/// <summary>
/// Public IDB barcodes (ICAO Datastructure for Barcode) of other implementations, re-typed as data (provenance in
/// README.md: tsenger/vdstools and mirkotp/idb1_encoder_decoder test data).
/// </summary>
internal static class PublicIdbBarcodes
{
    /// <summary>vdstools: the payload behind the four synthetic signed barcodes (header D&lt;&lt;, message 0x04 of 16 bytes, 56-byte signature).</summary>
    public const string SignedPayloadHex = "6abc010504030201009b5d8861120410b0b1b2b3b4b5b6b7b8b9babbbcbdbebf7f3824bbbb332f562a94f487db623b8db55c4a65b9cf532a959843a6a34e117f56343a94d5e187f28262943d84579af46d44804cf6328fa523c7";

    /// <summary>vdstools: the payload behind the four synthetic unsigned barcodes (header D&lt;&lt;, message 0x05 of 16 bytes).</summary>
    public const string UnsignedPayloadHex = "6abc61120510b0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

    public const string SignedCompressed = "RDB1DPDNACWQAUX7WVPABAUCAGAQBACNV3CDBCICBBMFRWKZ3JNNWW64LTOV3XS635P37HASLXOZTF5LCVFHUQ7NWEO4NWVOEUZNZZ5JSVFMYIOTKGTQRP5LDIOUU2XQYP4UCMKKD3BCXTL2G2REAJT3DFD5FEPDSP7ZKYE";

    public const string SignedCompressedDraft = "NDB1DPDNACWQAUX7WVPABAUCAGAQBACNV3CDBCICBBMFRWKZ3JNNWW64LTOV3XS635P37HASLXOZTF5LCVFHUQ7NWEO4NWVOEUZNZZ5JSVFMYIOTKGTQRP5LDIOUU2XQYP4UCMKKD3BCXTL2G2REAJT3DFD5FEPDSP7ZKYE";

    public const string Signed = "RDB1BNK6ACBIEAMBACAE3LWEGCEQECCYLDMVTWS23NN5YXG5LXPF5X27X6OBEXO5TGL2WFKKPJB63MI5Y3NK4JJS3TT2TFKKZQQ5GUNHBC72WGQ5JJVPBQ7ZIEYUUHWCFPGXUNVCIATHWGKH2KI6H";

    public const string UnsignedCompressed = "RDB1CPDNACFQA5H7WVPDBCICRBMFRWKZ3JNNWW64LTOV3XS635P4DDIGSO";

    public const string Unsigned = "RDB1ANK6GCEQFCCYLDMVTWS23NN5YXG5LXPF5X27Q";

    /// <summary>vdstools: German "certifying permanent residence" (messages 0x82, 0x83, 0x86), signed 2025-02-11 with ECDSA SHA-256.</summary>
    public const string CertifyingPermanentResidence = "RDB1BNK6ADJL2PECXOABAHIMWCFMCAYQDQM3TI2XIGCCZ5EQDQM3TNUSIMAIQP5AIZJ6II7FQTQ2UNWUMTMXIXETVCSSXKBK7RFWGXX3JBLHXTPV26M2GBN42UWTEQB45P4C4X7JK5WI2VQW5IBV3YNDPHELTYIU54PQ4P4";

    /// <summary>vdstools: the published signature zone of <see cref="CertifyingPermanentResidence"/>.</summary>
    public const string CertifyingPermanentResidenceSignatureZoneHex = "7f408ca7c847cb09c3546da8c9b2e8b927514a575055f896c6bdf690acf79bebaf33460b79aa5a648079d7f05cbfd2aed91aac2dd406bbc346f39173c229de3e1c7f";

    /// <summary>vdstools: German provisional residence document (MRZ TD2 in message 0x81).</summary>
    public const string ProvisionalResidenceDocument = "RDB1BNK6ADJL2PECXOABAHIMWCR4BGBM6UE2YOWLW5QDG2QL3LHUMNK6BGPATHQJTYEZ4H7XTUKJY5ZB7CWJ5DLSS3OZGOUP6MUBPHDVRTT4CAYQDQM3TI2XIGCCZ5EQDQM3TNUSIMAIOP5AABQK7PGSST2UKBEVMJZQUYSKRALOEHBHLY6HH7JJKKUCI75UVYDREU65DZYS7Y3H46T2IMXLUYI3BLN3PCK3TDNPQFKI52TSI5Y6BMM";

    /// <summary>vdstools: German supplementary sheet to a residence permit (MRZ TD1 in message 0x07).</summary>
    public const string SupplementarySheetResidencePermit = "RDB1BNK6ADJL2PECXOABAHIMWCUIHHRO2UE2C4HN5BVLRPIJTYEZ4CM6BGPATHRGL2LEPF27VD3JG6VTWEEZ4CM6BGPATIFREBDAECU4O7TATHQJTYEZ4CM6BGPATHSBAMPPGOW4X7V4FAZM6S3JEQBPYMAISP5AGBTFSQAPSDWGWQCZHPKXRWIACKNW57T2IVMGFI5FWUYC5VJNPFJISUUDWHHUMNQHOPFKJL5KQWQ2FWAF6WRIVX5FBGHQAAL5Y2P3XUQ";

    /// <summary>vdstools: German visa (message 0x01 of 78 bytes).</summary>
    public const string Visa = "RDB1BNK6ADJL2PECXOABRPAVGCUABJYBQCAIEAGIAKCDEUUM2KGWA7Y3QCPFVZIJU2XDJRO2BLNDUR6UTYEZ4CM6BGPATHQJTYEZ4CM6BGSCMXWOYMQDNNK6EXTKLZVHAAOHMDJWRGPATHQJTYEZ4CM674OL7IBATGH4ZSW2BRZTFRK2VXMR2ZQIVRLQFFTISFO3R2EDJWBYZDWO5VJWGKKNFKSB7MN3ODVWCKNZVUSZURL3MJA2W2ONDQVQPQPEICUJB";

    /// <summary>mirkotp/idb1_encoder_decoder README: unsigned, compressed, country UTO, CAN 156782.</summary>
    public const string MirkotpCompressedCan = "NDB1CPDNLW6JUSGGZGRLBWPNXEAAWXEB5G";

    /// <summary>
    /// mirkotp/idb1_encoder_decoder README: a signed example whose header writes the four ASCII characters "0x00" where
    /// a date mask byte was meant (their encoder's bug), so the message group does not follow the header.
    /// </summary>
    public const string MirkotpSignedAsciiMask = "NDB1B3HCQF2XQUQVL4MDYGAYH5LOIMEDASBBAWNDKO7SYGBLDAEAGA4VIMSGOHUBACBQFFOAQIAAKANBAABAN35CNLPI6VN3LPTX4WYIUYSN2R5EJHHZWX4BHQTTSAIJ5JFUAJJJ4IJZ7NLC7CG3FHX3Q62MUPOEBLC2MT63ZE3JDIYJ2F2XQUQVL472APQBUDU5MVXZJXMO6RLRBGIZHKB4EO7NWGQ5UY2EFMVQC5DVN4UE7ZSNYG4WBKE6FTHXFAO33H3IV4EFZ2NC7ATZNUD66QWE2KHF5MUI";

    /// <summary>The decodable public barcodes.</summary>
    public static TheoryData<string> All() =>
    [
        SignedCompressed, SignedCompressedDraft, Signed, UnsignedCompressed, Unsigned, CertifyingPermanentResidence,
        ProvisionalResidenceDocument, SupplementarySheetResidencePermit, Visa, MirkotpCompressedCan,
    ];
}
