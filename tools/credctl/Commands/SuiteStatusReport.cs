using System.Globalization;
using System.Text.Json;

namespace Credentials.Cli.Commands;

/// <summary>What <c>credctl status</c> found (see <see cref="SuiteStatusCollector"/>): one text writer, one JSON writer.</summary>
internal sealed record SuiteStatusReport(
    DateTimeOffset At,
    IReadOnlyList<SuiteStatusReport.ServiceHealth> Services,
    SuiteStatusReport.Section<IReadOnlyList<SuiteStatusReport.ActiveCsca>> Cscas,
    SuiteStatusReport.Section<IReadOnlyList<SuiteStatusReport.SignerKey>> SignerKeys,
    SuiteStatusReport.Section<IReadOnlyList<SuiteStatusReport.PkdSource>> Pkd,
    SuiteStatusReport.Section<SuiteStatusReport.TrustAnchors> Anchors,
    SuiteStatusReport.Section<SuiteStatusReport.LedgerHead> Ledger)
{
    /// <summary>All services SERVING and every section answered.</summary>
    public bool IsHealthy =>
        Services.All(s => s.Status == "SERVING") && Cscas.Error is null && SignerKeys.Error is null && Pkd.Error is null
        && Anchors.Error is null && Ledger.Error is null && Ledger.Value is { Intact: true };

    public void WriteText(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Credentials status at {At:u}");
        output.WriteLine();
        output.WriteLine("services");
        foreach (var s in Services)
        {
            var latency = s.Latency is { } l ? $"{l.TotalMilliseconds:0} ms" : "-";
            output.WriteLine($"  {s.Name,-16} {s.Status,-8} {s.Version ?? "-",-28} {s.Endpoint ?? "-",-22} {latency}{(s.Error is null ? string.Empty : "  " + s.Error)}");
        }

        output.WriteLine();
        output.WriteLine("csca: active CSCAs");
        Write(output, Cscas, list =>
        {
            if (list.Count == 0)
            {
                output.WriteLine("  none");
            }

            foreach (var c in list)
            {
                output.WriteLine($"  {c.Subject}");
                output.WriteLine($"    valid to {Date(c.NotAfter)}, private key usage to {Date(c.PrivateKeyUsageEnd)}, "
                    + (c.CrlNextUpdate is { } next ? $"CRL {c.CrlNumber} next update {Date(next)} ({Until(next)})" : $"CRL: {c.CrlNote}"));
            }
        });

        output.WriteLine();
        output.WriteLine("document-signer: active signer keys");
        Write(output, SignerKeys, list =>
        {
            if (list.Count == 0)
            {
                output.WriteLine("  none");
            }

            foreach (var k in list)
            {
                output.WriteLine($"  {k.KeyId,-38} {k.DocumentTypes,-6} private key usage to {Date(k.PrivateKeyUsageEnd)} ({Until(k.PrivateKeyUsageEnd)}), certificate to {Date(k.CertificateNotAfter)}");
            }
        });

        output.WriteLine();
        output.WriteLine("pkd: sources");
        Write(output, Pkd, list =>
        {
            if (list.Count == 0)
            {
                output.WriteLine("  none configured");
            }

            foreach (var p in list)
            {
                output.WriteLine($"  {p.SourceId,-20} {(p.Enabled ? "enabled " : "disabled")} last run {p.LastRunState ?? "never"} {Date(p.LastRunFinished)}, last success {Date(p.LastSuccess)}"
                    + (p.CurrentRunState is { } current ? $", now {current}" : string.Empty)
                    + (p.NextRun is { } nextRun ? $", next {Date(nextRun)}" : string.Empty)
                    + (p.LastError is { } error ? $", error {error}" : string.Empty));
            }
        });

        output.WriteLine();
        output.WriteLine("trust-anchor: store");
        Write(output, Anchors, a =>
        {
            output.WriteLine($"  snapshot v{a.StoreVersion} built {Date(a.SnapshotBuiltAt)} ({Ago(a.SnapshotBuiltAt)})");
            output.WriteLine($"  {a.Anchors} anchors ({a.Cscas} CSCA, {a.Links} link) from {a.Countries} States, {a.Crls} CRLs, {a.DocumentSigners} document signer certificates"
                + (a.Unlisted > 0 ? $", {a.Unlisted} no longer listed by their PKD source" : string.Empty)
                + (a.RevocationNotices > 0 ? $", {a.RevocationNotices} revocation notices" : string.Empty)
                + (a.Skipped > 0 ? $", {a.Skipped} stored objects SKIPPED (no longer decode)" : string.Empty));
        });

        output.WriteLine();
        output.WriteLine("ledger");
        Write(output, Ledger, h =>
        {
            output.WriteLine($"  {(h.Intact ? "intact" : "BROKEN: " + h.FailureReason)}, {h.Entries} entries, head {(h.HeadHash.Length > 0 ? h.HeadHash[..Math.Min(16, h.HeadHash.Length)] + "…" : "-")}");
            output.WriteLine(h.CheckpointSequence is { } seq
                ? $"  last signed checkpoint at entry {seq}, {Date(h.CheckpointSignedAt)} ({Ago(h.CheckpointSignedAt)}), {(h.CheckpointValid ? "signature, chain and archive verified" : "NOT VERIFIED")}"
                : "  no checkpoint yet");
        });
    }

    public void WriteJson(TextWriter output) => Icao.JsonOutput.Write(output, WriteJson);

    private void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("at", Iso(At));
        w.WriteBoolean("healthy", IsHealthy);
        w.WriteStartArray("services");
        foreach (var s in Services)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteString("endpoint", s.Endpoint);
            w.WriteString("status", s.Status);
            w.WriteString("version", s.Version);
            if (s.Latency is { } latency)
            {
                w.WriteNumber("latencyMs", Math.Round(latency.TotalMilliseconds, 1));
            }

            w.WriteString("error", s.Error);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Json(w, "cscas", Cscas, list =>
        {
            w.WriteStartArray("items");
            foreach (var c in list)
            {
                w.WriteStartObject();
                w.WriteString("subject", c.Subject);
                w.WriteString("fingerprintSha256", c.FingerprintSha256);
                w.WriteString("notAfter", Iso(c.NotAfter));
                w.WriteString("privateKeyUsageNotAfter", Iso(c.PrivateKeyUsageEnd));
                w.WriteString("crlNumber", c.CrlNumber);
                w.WriteString("crlNextUpdate", Iso(c.CrlNextUpdate));
                w.WriteString("crlNote", c.CrlNote);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        Json(w, "signerKeys", SignerKeys, list =>
        {
            w.WriteStartArray("items");
            foreach (var k in list)
            {
                w.WriteStartObject();
                w.WriteString("keyId", k.KeyId);
                w.WriteString("documentTypes", k.DocumentTypes);
                w.WriteString("subject", k.Subject);
                w.WriteString("privateKeyUsageNotAfter", Iso(k.PrivateKeyUsageEnd));
                w.WriteString("certificateNotAfter", Iso(k.CertificateNotAfter));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        Json(w, "pkd", Pkd, list =>
        {
            w.WriteStartArray("sources");
            foreach (var p in list)
            {
                w.WriteStartObject();
                w.WriteString("sourceId", p.SourceId);
                w.WriteBoolean("enabled", p.Enabled);
                w.WriteString("lastRunState", p.LastRunState);
                w.WriteString("lastRunFinishedAt", Iso(p.LastRunFinished));
                w.WriteString("lastSuccessAt", Iso(p.LastSuccess));
                w.WriteString("currentRunState", p.CurrentRunState);
                w.WriteString("nextRunAt", Iso(p.NextRun));
                w.WriteString("lastError", p.LastError);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        Json(w, "trustAnchor", Anchors, a =>
        {
            w.WriteNumber("storeVersion", a.StoreVersion);
            w.WriteString("snapshotBuiltAt", Iso(a.SnapshotBuiltAt));
            if (a.SnapshotBuiltAt is { } built)
            {
                w.WriteNumber("snapshotAgeSeconds", Math.Round((At - built).TotalSeconds, 1));
            }

            w.WriteNumber("anchors", a.Anchors);
            w.WriteNumber("cscas", a.Cscas);
            w.WriteNumber("links", a.Links);
            w.WriteNumber("countries", a.Countries);
            w.WriteNumber("crls", a.Crls);
            w.WriteNumber("documentSigners", a.DocumentSigners);
            w.WriteNumber("unlistedAnchors", a.Unlisted);
            w.WriteNumber("revocationNotices", a.RevocationNotices);
            w.WriteNumber("skipped", a.Skipped);
        });
        Json(w, "ledger", Ledger, h =>
        {
            w.WriteBoolean("intact", h.Intact);
            w.WriteNumber("entries", h.Entries);
            w.WriteString("headEntryHash", h.HeadHash);
            w.WriteString("failureReason", h.FailureReason.Length > 0 ? h.FailureReason : null);
            if (h.CheckpointSequence is { } sequence)
            {
                w.WriteNumber("lastCheckpointSequence", sequence);
            }

            w.WriteString("lastCheckpointSignedAt", Iso(h.CheckpointSignedAt));
            w.WriteBoolean("lastCheckpointVerified", h.CheckpointValid);
        });
        w.WriteEndObject();
    }

    private static void Write<T>(TextWriter output, Section<T> section, Action<T> write)
    {
        if (section.Error is not null || section.Value is null)
        {
            output.WriteLine($"  unavailable: {section.Error}");
            return;
        }

        write(section.Value);
    }

    private static void Json<T>(Utf8JsonWriter w, string name, Section<T> section, Action<T> write)
    {
        w.WriteStartObject(name);
        if (section.Error is not null || section.Value is null)
        {
            w.WriteString("error", section.Error ?? "no answer");
        }
        else
        {
            write(section.Value);
        }

        w.WriteEndObject();
    }

    private static string Date(DateTimeOffset? value) => value is { } v ? v.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-";

    private static string? Iso(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);

    private string Until(DateTimeOffset? value) => value is { } v ? (v >= At ? "in " + Span(v - At) : "PASSED " + Span(At - v) + " ago") : "-";

    private string Ago(DateTimeOffset? value) => value is { } v ? Span(At - v) + " ago" : "-";

    private static string Span(TimeSpan span) => span.TotalDays >= 2 ? $"{span.TotalDays:0} days"
        : span.TotalHours >= 2 ? $"{span.TotalHours:0} h"
        : span.TotalMinutes >= 2 ? $"{span.TotalMinutes:0} min"
        : $"{Math.Max(0, span.TotalSeconds):0} s";

    /// <summary>A section's value, or why it is missing.</summary>
    internal sealed record Section<T>(T? Value, string? Error);

    internal sealed record ServiceHealth(string Name, string? Endpoint, string Status, string? Version, TimeSpan? Latency, string? Error);

    internal sealed record ActiveCsca(string Subject, string FingerprintSha256, DateTimeOffset? NotAfter, DateTimeOffset? PrivateKeyUsageEnd, string? CrlNumber, DateTimeOffset? CrlNextUpdate, string? CrlNote);

    internal sealed record SignerKey(string KeyId, string DocumentTypes, string? Subject, DateTimeOffset? PrivateKeyUsageEnd, DateTimeOffset? CertificateNotAfter);

    internal sealed record PkdSource(string SourceId, bool Enabled, string? LastRunState, DateTimeOffset? LastRunFinished, DateTimeOffset? LastSuccess, string? CurrentRunState, DateTimeOffset? NextRun, string? LastError);

    internal sealed record TrustAnchors(
        long StoreVersion, DateTimeOffset? SnapshotBuiltAt, int Anchors, int Cscas, int Links, int Countries, int Crls, int DocumentSigners, int Unlisted, int RevocationNotices, int Skipped);

    internal sealed record LedgerHead(bool Intact, long Entries, string HeadHash, string FailureReason, long? CheckpointSequence, DateTimeOffset? CheckpointSignedAt, bool CheckpointValid);
}
