using Credentials.Core;
using Credentials.Icao9303.Issuance;

namespace Credentials.Icao9303;

/// <summary>
/// The one translation of this library's failures into domain errors (docs/architecture.md, "Errors"). Services that
/// use the library register it (<c>TryAddEnumerable(ServiceDescriptor.Singleton&lt;IExceptionTranslator,
/// Icao9303ExceptionTranslator&gt;())</c>); the library itself stays free of DI.
/// <list type="bullet">
/// <item><see cref="Icao9303FormatException"/>: input that does not decode — InvalidArgument with the decoder's reason in
/// wire form (<c>sod.trailing-data</c> → <c>SOD_TRAILING_DATA</c>).</item>
/// <item><see cref="IssuanceRejectedException"/>: a request the Part 12 profiles refuse — InvalidArgument with its reason,
/// except an issuer that cannot issue (<see cref="IssuanceRejectedException.IssuerNotUsable"/>), which is the state of
/// the CSCA, not of the request: FailedPrecondition.</item>
/// </list>
/// </summary>
public sealed class Icao9303ExceptionTranslator : IExceptionTranslator
{
    /// <inheritdoc />
    public CredentialsException? Translate(Exception exception) => exception switch
    {
        Icao9303FormatException format => new CredentialsException(ErrorKind.InvalidArgument, ToReasonCode(format.Reason), format.Message, format),
        IssuanceRejectedException { Reason: IssuanceRejectedException.IssuerNotUsable } rejected =>
            new CredentialsException(ErrorKind.FailedPrecondition, rejected.Reason, rejected.Message, rejected),
        IssuanceRejectedException rejected => new CredentialsException(ErrorKind.InvalidArgument, rejected.Reason, rejected.Message, rejected),
        _ => null,
    };

    /// <summary>Turns a library reason such as <c>sod.trailing-data</c> into the wire form <c>SOD_TRAILING_DATA</c>.</summary>
    public static string ToReasonCode(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var chars = reason.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = char.IsLetterOrDigit(chars[i]) ? char.ToUpperInvariant(chars[i]) : '_';
        }

        return new string(chars);
    }
}
