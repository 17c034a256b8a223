using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Core;
using Credentials.DocumentSigner.Application;
using Credentials.DocumentSigner.Options;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HashAlgorithm = Credentials.Contracts.Common.V1.HashAlgorithm;

namespace Credentials.DocumentSigner.Tests;

public sealed class SignRequestValidatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly SignRequestValidator _validator = new(new DocumentSignerOptions { MaxDataGroupContentBytes = 4096, MaxRequestContentBytes = 8192 });

    private static SignSecurityObjectRequest Valid()
    {
        var request = new SignSecurityObjectRequest { RequestId = "req-1", DocumentType = "P", HashAlgorithm = HashAlgorithm.Sha256 };
        request.DataGroups.Add(new DataGroup { Number = 2, Hash = ByteString.CopyFrom(new byte[32]) });
        request.DataGroups.Add(new DataGroup { Number = 1, Hash = ByteString.CopyFrom(Enumerable.Repeat((byte)1, 32).ToArray()) });
        return request;
    }

    private string Reason(Action<SignSecurityObjectRequest> change)
    {
        var request = Valid();
        change(request);
        var error = Assert.Throws<CredentialsException>(() => _validator.Validate(request, Today));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        return error.Reason;
    }

    [Fact]
    public void Validate_HashesGivenOutOfOrder_SortedByNumberV0()
    {
        var validated = _validator.Validate(Valid(), Today);

        Assert.Equal([1, 2], validated.DataGroupHashes.Select(h => h.DataGroupNumber));
        Assert.Null(validated.VersionInfo);
        Assert.Equal(HashAlgorithmName.SHA256, validated.HashName);
        Assert.Null(validated.DocumentExpiresAt);
    }

    [Fact]
    public void Validate_UnspecifiedHash_DefaultsToSha256()
    {
        var request = Valid();
        request.HashAlgorithm = HashAlgorithm.Unspecified;

        Assert.Equal(HashAlgorithm.Sha256, _validator.Validate(request, Today).HashAlgorithm);
    }

    [Fact]
    public void Validate_ContentOfDg1_HashedAndExpiryTakenFromMrz()
    {
        var mrz = MachineReadableZone.Create(MrzFormat.Td3, new MrzData
        {
            DocumentCode = "P", IssuingState = "NLD", PrimaryIdentifier = "DE BRUIJN", DocumentNumber = "SPECI2014", Nationality = "NLD",
            DateOfBirth = "650310", Sex = "F", DateOfExpiry = "310309",
        });
        var dg1 = new DataGroup1(mrz).Encode();
        var request = Valid();
        request.DataGroups.RemoveAt(1);
        request.DataGroups.Add(new DataGroup { Number = 1, Content = ByteString.CopyFrom(dg1) });
        request.LdsVersion = "0108";
        request.UnicodeVersion = "040000";

        var validated = _validator.Validate(request, Today);

        Assert.Equal(SHA256.HashData(dg1), validated.DataGroupHashes[0].HashValue.ToArray());
        Assert.Equal(new DateTimeOffset(2031, 3, 9, 0, 0, 0, TimeSpan.Zero), validated.DocumentExpiresAt);
        Assert.Equal("0108", validated.VersionInfo!.LdsVersion);
    }

    [Fact]
    public void Validate_ExplicitExpiry_WinsOverDg1()
    {
        var request = Valid();
        request.DocumentExpiresAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2030, 1, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(2030, _validator.Validate(request, Today).DocumentExpiresAt!.Value.Year);
    }

    [Fact]
    public void Validate_MissingRequestId_RequestIdMissing() => Assert.Equal("REQUEST_ID_MISSING", Reason(r => r.RequestId = string.Empty));

    [Fact]
    public void Validate_RequestIdWithSpace_FieldInvalid() => Assert.Equal("FIELD_INVALID", Reason(r => r.RequestId = "a b"));

    [Theory]
    [InlineData("")]
    [InlineData("p")]
    [InlineData("PPP")]
    [InlineData("P1")]
    public void Validate_BadDocumentType_DocumentTypeInvalid(string type) => Assert.Equal("DOCUMENT_TYPE_INVALID", Reason(r => r.DocumentType = type));

    [Theory]
    [InlineData(HashAlgorithm.Sha1)]
    [InlineData(HashAlgorithm.Sha224)]
    [InlineData((HashAlgorithm)42)]
    public void Validate_RefusedHash_HashAlgorithmNotAllowed(HashAlgorithm algorithm) => Assert.Equal("HASH_ALGORITHM_NOT_ALLOWED", Reason(r => r.HashAlgorithm = algorithm));

    [Theory]
    [InlineData("0108", "")]
    [InlineData("", "040000")]
    [InlineData("108", "040000")]
    [InlineData("0108", "04000A")]
    public void Validate_BadLdsVersion_LdsVersionInvalid(string lds, string unicode) =>
        Assert.Equal("LDS_VERSION_INVALID", Reason(r => { r.LdsVersion = lds; r.UnicodeVersion = unicode; }));

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(-1)]
    public void Validate_NumberOutsideRange_DataGroupNumberInvalid(int number) =>
        Assert.Equal("DATA_GROUP_NUMBER_INVALID", Reason(r => r.DataGroups.Add(new DataGroup { Number = number, Hash = ByteString.CopyFrom(new byte[32]) })));

    [Fact]
    public void Validate_SameNumberTwice_DataGroupDuplicate() =>
        Assert.Equal("DATA_GROUP_DUPLICATE", Reason(r => r.DataGroups.Add(new DataGroup { Number = 1, Hash = ByteString.CopyFrom(new byte[32]) })));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Validate_MandatoryGroupMissing_DataGroupRequired(int missing) =>
        Assert.Equal("DATA_GROUP_REQUIRED", Reason(r => r.DataGroups.Remove(r.DataGroups.Single(d => d.Number == missing))));

    [Theory]
    [InlineData(HashAlgorithm.Sha256, 31)]
    [InlineData(HashAlgorithm.Sha256, 48)]
    [InlineData(HashAlgorithm.Sha384, 32)]
    [InlineData(HashAlgorithm.Sha512, 48)]
    public void Validate_HashOfWrongLength_HashLengthMismatch(HashAlgorithm algorithm, int length) =>
        Assert.Equal("HASH_LENGTH_MISMATCH", Reason(r =>
        {
            r.HashAlgorithm = algorithm;
            r.DataGroups.Clear();
            r.DataGroups.Add(new DataGroup { Number = 1, Hash = ByteString.CopyFrom(new byte[length]) });
            r.DataGroups.Add(new DataGroup { Number = 2, Hash = ByteString.CopyFrom(new byte[length]) });
        }));

    [Fact]
    public void Validate_NeitherHashNorContent_FieldRequired() => Assert.Equal("FIELD_REQUIRED", Reason(r => r.DataGroups.Add(new DataGroup { Number = 3 })));

    [Fact]
    public void Validate_ContentOverLimit_PayloadTooLarge() =>
        Assert.Equal("PAYLOAD_TOO_LARGE", Reason(r => r.DataGroups.Add(new DataGroup { Number = 3, Content = ByteString.CopyFrom(new byte[4097]) })));

    [Fact]
    public void Validate_ContentsOverTotalLimit_PayloadTooLarge() =>
        Assert.Equal("PAYLOAD_TOO_LARGE", Reason(r =>
        {
            for (var n = 3; n <= 5; n++)
            {
                r.DataGroups.Add(new DataGroup { Number = n, Content = ByteString.CopyFrom(new byte[4000]) });
            }
        }));

    [Fact]
    public void Validate_DocumentNumberTooLong_FieldInvalid() => Assert.Equal("FIELD_INVALID", Reason(r => r.DocumentNumber = new string('A', 65)));

    [Fact]
    public void RequestFingerprint_SameBodyDifferentNumberHash_Differs()
    {
        var request = Valid();
        request.DocumentNumber = "X1234567";

        var first = SignRequestValidator.RequestFingerprint(request, [1, 2, 3]);
        var again = SignRequestValidator.RequestFingerprint(request.Clone(), [1, 2, 3]);
        var other = SignRequestValidator.RequestFingerprint(request, [1, 2, 4]);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        request.DocumentType = "ID";
        Assert.NotEqual(first, SignRequestValidator.RequestFingerprint(request, [1, 2, 3]));
    }
}
