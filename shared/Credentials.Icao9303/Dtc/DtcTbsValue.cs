namespace Credentials.Icao9303.Dtc;

/// <summary>
/// One value of dtcTBS in this suite's profile (our definition; the TR's was not available here, see docs/dtc.md):
/// <code>
/// DTCTBSValue ::= SEQUENCE { valueType INTEGER (0..255), value OCTET STRING }
/// </code>
/// </summary>
/// <param name="ValueType">The value's kind; numbers outside <see cref="DtcTbsValueType"/> are kept as read.</param>
/// <param name="Value">The value's bytes.</param>
public sealed record DtcTbsValue(int ValueType, ReadOnlyMemory<byte> Value)
{
    /// <summary>True when <see cref="ValueType"/> is one of this profile's kinds.</summary>
    public bool IsKnownType => Enum.IsDefined((DtcTbsValueType)ValueType);
}
