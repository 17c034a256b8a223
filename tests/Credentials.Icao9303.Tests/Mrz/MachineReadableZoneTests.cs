using Credentials.Icao9303.Mrz;

namespace Credentials.Icao9303.Tests.Mrz;

public sealed class MachineReadableZoneTests
{
    private const string Td3Line1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    private const string Td3Line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    [Fact]
    public void Parse_Td3_ExtractsNamesAndFields()
    {
        var mrz = MachineReadableZone.Parse(Td3Line1 + "\n" + Td3Line2);
        Assert.Equal(MrzFormat.Td3, mrz.Format);
        Assert.True(mrz.IsValid);
        Assert.Equal("ERIKSSON", mrz.Data.PrimaryIdentifier);
        Assert.Equal("ANNA MARIA", mrz.Data.SecondaryIdentifier);
        Assert.Equal("UTO", mrz.Data.IssuingState);
        Assert.Equal("P", mrz.Data.DocumentCode);
        Assert.Equal("F", mrz.Data.Sex);
        Assert.Equal("ZE184226B", mrz.Data.OptionalData1);
    }

    [Fact]
    public void Parse_LiteralBackslashN_SplitsLines()
    {
        Assert.True(MachineReadableZone.Parse(Td3Line1 + "\\n" + Td3Line2).IsValid);
        Assert.True(MachineReadableZone.Parse(Td3Line1 + Td3Line2).IsValid);
    }

    [Fact]
    public void Parse_WrongBirthCheckDigit_ReportsThatCheck()
    {
        var mrz = MachineReadableZone.Parse([Td3Line1, Td3Line2.Remove(19, 1).Insert(19, "3")]);
        Assert.False(mrz.IsValid);
        Assert.False(mrz.Checks.Single(c => c.Field == "dateOfBirth").Valid);
        Assert.False(mrz.Checks.Single(c => c.Field == "composite").Valid);
        Assert.True(mrz.Checks.Single(c => c.Field == "documentNumber").Valid);
    }

    [Fact]
    public void Parse_GermanyD_KeepsOneLetterCodeAndMapsToAlpha3()
    {
        var mrz = MachineReadableZone.Create(MrzFormat.Td1, new MrzData
        {
            DocumentCode = "ID",
            IssuingState = "D",
            PrimaryIdentifier = "MUSTERMANN",
            SecondaryIdentifier = "ERIKA",
            DocumentNumber = "T22000129",
            Nationality = "D",
            DateOfBirth = "640812",
            Sex = "F",
            DateOfExpiry = "101031",
        });
        Assert.StartsWith("IDD<<T22000129", mrz.Lines[0], StringComparison.Ordinal);
        var parsed = MachineReadableZone.Parse(mrz.Lines);
        Assert.True(parsed.IsValid);
        Assert.Equal("D", parsed.Data.IssuingState);
        Assert.Equal("DEU", MachineReadableZone.ToAlpha3(parsed.Data.Nationality));
    }

    [Fact]
    public void Create_Td1LongDocumentNumber_OverflowsIntoOptionalData()
    {
        var mrz = MachineReadableZone.Create(MrzFormat.Td1, new MrzData
        {
            DocumentCode = "I",
            IssuingState = "UTO",
            PrimaryIdentifier = "STEVENSON",
            SecondaryIdentifier = "PETER JOHN",
            DocumentNumber = "D23145890734",
            Nationality = "UTO",
            DateOfBirth = "340712",
            Sex = "M",
            DateOfExpiry = "950712",
        });
        Assert.Equal("I<UTOD23145890<7349<<<<<<<<<<<", mrz.Lines[0]);
        Assert.Equal("D23145890734", mrz.Data.DocumentNumber);
        Assert.True(mrz.IsValid);
    }

    [Theory]
    [InlineData(MrzFormat.Td2)]
    [InlineData(MrzFormat.MrvA)]
    [InlineData(MrzFormat.MrvB)]
    [InlineData(MrzFormat.Td3)]
    public void Create_EveryFormat_RoundTripsThroughParse(MrzFormat format)
    {
        var data = new MrzData
        {
            DocumentCode = format is MrzFormat.MrvA or MrzFormat.MrvB ? "V" : format == MrzFormat.Td3 ? "P" : "I",
            IssuingState = "UTO",
            PrimaryIdentifier = "O'BRIEN-SMITH",
            SecondaryIdentifier = "JOHN",
            DocumentNumber = "X1234567",
            Nationality = "UTO",
            DateOfBirth = "010203",
            Sex = "X",
            DateOfExpiry = "311231",
        };
        var mrz = MachineReadableZone.Create(format, data);
        var parsed = MachineReadableZone.Parse(string.Join('\n', mrz.Lines));
        Assert.Equal(format, parsed.Format);
        Assert.True(parsed.IsValid);
        Assert.Equal("OBRIEN SMITH", parsed.Data.PrimaryIdentifier);
        Assert.Equal("<", parsed.Data.Sex);
    }

    [Theory]
    [InlineData("P<UTO")]
    [InlineData("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nl898902C36UTO7408122F1204159ZE184226B<<<<<10")]
    public void Parse_Malformed_ThrowsFormatException(string text)
    {
        Assert.Throws<Icao9303FormatException>(() => MachineReadableZone.Parse(text));
    }

    [Theory]
    [InlineData("740812", 2026, 1974)]
    [InlineData("200101", 2026, 2020)]
    [InlineData("270101", 2026, 1927)]
    public void InferBirthDate_TwoDigitYear_NeverInTheFuture(string yymmdd, int referenceYear, int expected)
    {
        Assert.Equal(expected, MrzDates.InferBirthDate(yymmdd, new DateOnly(referenceYear, 6, 1))!.Value.Year);
    }

    [Theory]
    [InlineData("350101", 2026, 2035)]
    [InlineData("990101", 2026, 1999)]
    [InlineData("120415", 2026, 2012)]
    public void InferExpiryDate_TwoDigitYear_WithinFiftyYears(string yymmdd, int referenceYear, int expected)
    {
        Assert.Equal(expected, MrzDates.InferExpiryDate(yymmdd, new DateOnly(referenceYear, 6, 1))!.Value.Year);
    }

    [Fact]
    public void InferBirthDate_UnknownDay_ReturnsNull()
    {
        Assert.Null(MrzDates.InferBirthDate("7408<<", new DateOnly(2026, 1, 1)));
        Assert.Null(MrzDates.InferBirthDate("740230", new DateOnly(2026, 1, 1)));
    }

    [Theory]
    [InlineData(MrzFormat.Td1, "741312", "dateOfBirth", "mrz.date-of-birth-invalid")]
    [InlineData(MrzFormat.Td1, "740812", "dateOfExpiry", "mrz.date-of-expiry-invalid", "300230")]
    [InlineData(MrzFormat.Td2, "740832", "dateOfBirth", "mrz.date-of-birth-invalid")]
    [InlineData(MrzFormat.Td2, "740812", "dateOfExpiry", "mrz.date-of-expiry-invalid", "3A0101")]
    [InlineData(MrzFormat.Td3, "740230", "dateOfBirth", "mrz.date-of-birth-invalid")]
    [InlineData(MrzFormat.Td3, "74A812", "dateOfBirth", "mrz.date-of-birth-invalid")]
    [InlineData(MrzFormat.Td3, "740812", "dateOfExpiry", "mrz.date-of-expiry-invalid", "301300")]
    [InlineData(MrzFormat.MrvA, "010229", "dateOfBirth", "mrz.date-of-birth-invalid")]
    [InlineData(MrzFormat.MrvA, "740812", "dateOfExpiry", "mrz.date-of-expiry-invalid", "<<<<<<")]
    [InlineData(MrzFormat.MrvB, "740431", "dateOfBirth", "mrz.date-of-birth-invalid")]
    [InlineData(MrzFormat.MrvB, "740812", "dateOfExpiry", "mrz.date-of-expiry-invalid", "300000")]
    public void Parse_ImpossibleDateWithRightCheckDigits_InvalidNamingTheField(MrzFormat format, string birth, string field, string reason, string expiry = "301231")
    {
        var mrz = MachineReadableZone.Parse(MachineReadableZone.Create(format, Specimen(format, birth, expiry)).Lines);

        Assert.All(mrz.Checks, c => Assert.True(c.Valid, c.Field));
        Assert.False(mrz.IsValid);
        var error = Assert.Single(mrz.FieldErrors);
        Assert.Equal(field, error.Field);
        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData("000229")]
    [InlineData("<<<<<<")]
    [InlineData("74<<<<")]
    [InlineData("7408<<")]
    [InlineData("<<0229")]
    [InlineData("<<<<31")]
    public void Parse_BirthDateUnknownPartsOrLeapDay_Valid(string birth)
    {
        var mrz = MachineReadableZone.Parse(MachineReadableZone.Create(MrzFormat.Td3, Specimen(MrzFormat.Td3, birth, "301231")).Lines);

        Assert.Empty(mrz.FieldErrors);
        Assert.True(mrz.IsValid);
    }

    [Theory]
    [InlineData("7<0812")]
    [InlineData("74<812")]
    [InlineData("<<1301")]
    [InlineData("<<0230")]
    [InlineData("<<<<32")]
    public void CalendarDateProblem_HalfUnknownOrImpossibleBirth_Problem(string birth)
    {
        Assert.NotNull(MrzDates.CalendarDateProblem(birth, unknownPartsAllowed: true));
    }

    [Fact]
    public void Parse_UnknownCountryCodes_ValidWithWarningsNamingTheFields()
    {
        var data = Specimen(MrzFormat.Td3, "740812", "301231") with { IssuingState = "ASU", Nationality = "GBD" };
        var mrz = MachineReadableZone.Parse(MachineReadableZone.Create(MrzFormat.Td3, data).Lines);

        Assert.True(mrz.IsValid);
        var warning = Assert.Single(mrz.Warnings);
        Assert.Equal("issuingState", warning.Field);
        Assert.Equal("mrz.issuing-state-unknown", warning.Reason);
    }

    [Theory]
    [InlineData("D")]
    [InlineData("DEU")]
    [InlineData("GBD")]
    [InlineData("UNO")]
    [InlineData("XXA")]
    [InlineData("EUE")]
    public void IsKnown_Doc9303Part3Codes_True(string code)
    {
        Assert.True(MrzCountryCodes.IsKnown(code));
    }

    [Theory]
    [InlineData("UTO")]
    [InlineData("ASU")]
    [InlineData("DE")]
    [InlineData("")]
    public void IsKnown_OtherCodes_False(string code)
    {
        Assert.False(MrzCountryCodes.IsKnown(code));
    }

    private static MrzData Specimen(MrzFormat format, string birth, string expiry) => new()
    {
        DocumentCode = format is MrzFormat.MrvA or MrzFormat.MrvB ? "V" : format == MrzFormat.Td3 ? "P" : "I",
        IssuingState = "NLD",
        PrimaryIdentifier = "DE BRUIJN",
        SecondaryIdentifier = "WILLEKE",
        DocumentNumber = "XN01BC012",
        Nationality = "NLD",
        DateOfBirth = birth,
        Sex = "F",
        DateOfExpiry = expiry,
    };
}
