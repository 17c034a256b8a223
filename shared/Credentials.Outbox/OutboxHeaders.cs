namespace Credentials.Outbox;

/// <summary>Names of the message headers every published event carries.</summary>
public static class OutboxHeaders
{
    public const string EventId = "event-id";

    public const string EventType = "event-type";

    /// <summary>W3C trace context.</summary>
    public const string TraceParent = "traceparent";
}
