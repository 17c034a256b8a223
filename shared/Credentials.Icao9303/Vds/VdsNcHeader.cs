namespace Credentials.Icao9303.Vds;

/// <summary>
/// The <c>data.hdr</c> object of a VDS-NC (ICAO TR "VDS for non-constrained environments" v1.0 §3.1):
/// <c>{ "t": type, "v": version, "is": issuing State }</c>, e.g. <c>{"is":"AUS","t":"icao.vacc","v":1}</c>.
/// </summary>
/// <param name="Type">Use case, e.g. <c>icao.test</c>, <c>icao.vacc</c>.</param>
/// <param name="Version">Version of the use case's message structure.</param>
/// <param name="IssuingCountry">Three-letter code of the issuing State or organization (Doc 9303 Part 3).</param>
public sealed record VdsNcHeader(string Type, int Version, string IssuingCountry);
