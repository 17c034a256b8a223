namespace Credentials.Core;

/// <summary>
/// Turns the failures of one library (its own exception types, never anyone else's) into domain errors. Each shared
/// library registers its translator in DI from its <c>AddXxx</c> extension; the host's one exception-mapping
/// interceptor asks every registered translator in turn and uses the first answer. An exception no translator claims
/// stays unexpected (Internal with a trace id). docs/architecture.md, "Errors".
/// </summary>
public interface IExceptionTranslator
{
    /// <summary>The domain error <paramref name="exception"/> stands for, or null when it is not this library's failure.</summary>
    CredentialsException? Translate(Exception exception);
}
