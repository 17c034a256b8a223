namespace Credentials.KeyVault.Tests;

public sealed class KeyReferenceTests
{
    [Fact]
    public void ById_UpperCaseHex_IsNormalisedToLowerCase()
    {
        Assert.Equal("0aff", KeyReference.ById("0AFF").Id);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz")]
    public void ById_NotEvenHex_Throws(string id)
    {
        Assert.Throws<ArgumentException>(() => KeyReference.ById(id));
    }

    [Fact]
    public void ByLabel_Blank_Throws()
    {
        Assert.Throws<ArgumentException>(() => KeyReference.ByLabel(" "));
    }
}
