using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.Sod;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.IntegrationTests.TrustAnchor;

/// <summary>
/// An EF.SOD over DG1 (the Doc 9303 Part 4 specimen MRZ), signed here with a P-256 Document Signer key whose certificate
/// is embedded (Doc 9303 Part 10 section 4.6.2), as the VerifyDocument request a terminal would send.
/// </summary>
internal static class TestPassport
{
    public static VerifyDocumentRequest Request(ECDsa documentSignerKey, byte[] documentSignerCertificate, DateTimeOffset signedAt)
    {
        var mrz = MachineReadableZone.Parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10");
        var dataGroups = new Dictionary<int, byte[]> { [1] = new DataGroup1(mrz).Encode() };
        var lso = LdsSecurityObject.FromDataGroups(Oids.Sha256, dataGroups, new LdsVersionInfo("0108", "040000"));
        var input = EfSodBuilder.PrepareSigning(lso, Oids.Sha256, signedAt);
        var signature = documentSignerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var sod = EfSodBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, documentSignerCertificate);
        var request = new VerifyDocumentRequest { SecurityObject = ByteString.CopyFrom(sod), ValidationTime = Timestamp.FromDateTimeOffset(signedAt.AddMinutes(1)) };
        request.DataGroups.Add(new DataGroupContent { Number = 1, Content = ByteString.CopyFrom(dataGroups[1]) });
        return request;
    }
}
