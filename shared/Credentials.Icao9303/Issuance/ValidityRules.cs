namespace Credentials.Icao9303.Issuance;

/// <summary>Checks on validity and private key usage periods shared by every profile.</summary>
internal static class ValidityRules
{
    public static void EnsurePeriods(DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset keyUsageNotBefore, DateTimeOffset keyUsageNotAfter)
    {
        if (notAfter <= notBefore)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.ValidityPeriodInvalid, "The validity period must end after it starts.");
        }

        if (keyUsageNotAfter <= keyUsageNotBefore)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.ValidityPeriodInvalid, "The private key usage period must end after it starts.");
        }

        // Part 12 §7.1.1: the private key usage period lies within the certificate validity.
        if (keyUsageNotBefore < notBefore || keyUsageNotAfter > notAfter)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.ValidityPeriodInvalid, "The private key usage period must lie within the validity period.");
        }

        if (notBefore.Year < 1950 || notAfter.Year > 9999)
        {
            throw new IssuanceRejectedException(IssuanceRejectedException.ValidityPeriodInvalid, "Validity dates are outside what X.509 Time can express.");
        }
    }
}
