namespace Credentials.Storage;

/// <summary>An object to store: its bytes, content type and optional Object Lock retention.</summary>
/// <param name="Content">The bytes; the key is their SHA-256.</param>
/// <param name="ContentType">MIME type, e.g. <c>application/pkix-cert</c>.</param>
/// <param name="Retention">Object Lock retention for this object; null for none.</param>
public sealed record ObjectContent(ReadOnlyMemory<byte> Content, string ContentType = "application/octet-stream", ObjectRetention? Retention = null)
{
    /// <summary>The content address of <see cref="Content"/>.</summary>
    public ObjectKey Key => ObjectKey.FromContent(Content.Span);
}
