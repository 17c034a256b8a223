using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Vds.Idb;

namespace Credentials.Icao9303.Tests.Vds;

/// <summary>IDB barcodes signed with the keys of a <see cref="SealTestPki"/>.</summary>
internal static class IdbTestSeals
{
    /// <summary>MRZ of the Doc 9303 Part 4 TD3 specimen (88 characters).</summary>
    public const string Td3Mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    /// <summary>
    /// A signed IDB from UTO with an MRZ TD3 (0x08) and a CAN (0x09), naming <paramref name="signer"/> by its certificate
    /// reference (or <paramref name="reference"/>), embedding it when <paramref name="embed"/>.
    /// </summary>
    public static IdbBarcode Signed(ECDsa key, X509Certificate2 signer, bool embed = false, byte[]? reference = null, bool compress = false,
        Action<List<IdbMessage>>? edit = null, IdbSignatureDateEncoding dateEncoding = IdbSignatureDateEncoding.ThreeBytes)
    {
        var header = new IdbHeader
        {
            CountryIdentifier = "UTO",
            SignatureAlgorithm = IdbSignatureAlgorithm.EcdsaSha256,
            CertificateReference = reference ?? IdbHeader.CertificateReferenceOf(signer.RawData),
            SignatureCreationDate = new DateOnly(2026, 12, 1),
            DateEncoding = dateEncoding,
        };
        var messages = new List<IdbMessage> { IdbMessage.FromC40(0x08, Td3Mrz), IdbMessage.FromC40(0x09, "156782") };
        edit?.Invoke(messages);
        var signedData = IdbBarcode.EncodeSignedData(header, messages);
        var signature = key.SignData(signedData, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return IdbBarcode.Create(signedData, signature, embed ? signer.RawData : default, compress);
    }
}
