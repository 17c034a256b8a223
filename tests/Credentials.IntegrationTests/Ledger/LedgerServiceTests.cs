using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Confluent.Kafka;
using Credentials.Contracts.Events.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.IntegrationTests.Services;
using Google.Protobuf.WellKnownTypes;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Npgsql;

namespace Credentials.IntegrationTests.Ledger;

/// <summary>
/// Issue 8 (ledger half) against the real stack: events published to Kafka reach the ledger, revocations show within
/// 5 seconds, a row changed with SQL is named by VerifyIntegrity, the writer role cannot UPDATE/DELETE entries, and a
/// replay of every topic from offset 0 adds no entry.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class LedgerServiceTests(SuiteFixture suite)
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GetCredentialStatus_CredentialRevokedPublished_RevokedWithinFiveSeconds()
    {
        using var client = new LedgerTestClient(suite);
        var credentialId = Guid.NewGuid().ToString("D");
        var sod = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await client.PublishAsync(LedgerTestClient.Envelope("credential.issued", credentialId, new CredentialIssued
        {
            CredentialId = credentialId,
            SecurityObjectSha256 = sod,
            DocumentType = "P",
            IssuedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            DocumentExpiresAt = Timestamp.FromDateTime(DateTime.UtcNow.AddYears(10)),
        }));
        var byId = new GetCredentialStatusRequest { CredentialId = credentialId };
        var (issued, _) = await client.WaitForStatusAsync(byId, s => s.Status == CredentialStatus.Issued, Arrival);
        Assert.Equal(CredentialStatus.Issued, issued.Status);
        Assert.Equal(CredentialKind.Emrtd, issued.Kind);
        var bySod = await client.Ledger.GetCredentialStatusAsync(new GetCredentialStatusRequest { SecurityObjectSha256 = sod }, LedgerTestClient.Call);
        Assert.Equal(credentialId, bySod.CredentialId);

        await client.PublishAsync(LedgerTestClient.Envelope("credential.revoked", credentialId, new CredentialRevoked
        {
            CredentialId = credentialId,
            SecurityObjectSha256 = sod,
            RevokedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            Reason = "LOST",
        }));
        var (revoked, elapsed) = await client.WaitForStatusAsync(byId, s => s.Status == CredentialStatus.Revoked, TimeSpan.FromSeconds(5));
        Assert.True(revoked.Status == CredentialStatus.Revoked, $"not revoked after {elapsed}");
        Assert.Equal("LOST", revoked.RevocationReason);
        TestContext.Current.TestOutputHelper?.WriteLine($"CredentialRevoked visible after {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task GetCredentialStatus_DtcRevokedPublished_RevokedWithinFiveSeconds()
    {
        using var client = new LedgerTestClient(suite);
        var dtcId = Guid.NewGuid().ToString("D");
        await client.PublishAsync(LedgerTestClient.Envelope("dtc.issued", dtcId, new DtcIssued
        {
            DtcId = dtcId,
            IssuedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            ExpiresAt = Timestamp.FromDateTime(DateTime.UtcNow.AddYears(1)),
        }));
        var byId = new GetCredentialStatusRequest { DtcId = dtcId };
        var (issued, _) = await client.WaitForStatusAsync(byId, s => s.Status == CredentialStatus.Issued, Arrival);
        Assert.Equal(CredentialKind.Dtc, issued.Kind);

        await client.PublishAsync(LedgerTestClient.Envelope("dtc.revoked", dtcId, new DtcRevoked { DtcId = dtcId, RevokedAt = Timestamp.FromDateTime(DateTime.UtcNow) }));
        var (revoked, elapsed) = await client.WaitForStatusAsync(byId, s => s.Status == CredentialStatus.Revoked, TimeSpan.FromSeconds(5));
        Assert.True(revoked.Status == CredentialStatus.Revoked, $"not revoked after {elapsed}");
    }

    [Fact]
    public async Task GetCredentialStatus_SodSharedByPassportAndDtc_KindSelectsTheCredential()
    {
        using var client = new LedgerTestClient(suite);
        var credentialId = Guid.NewGuid().ToString("D");
        var dtcId = Guid.NewGuid().ToString("D");
        var sod = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await client.PublishAsync(LedgerTestClient.Envelope("credential.issued", credentialId, new CredentialIssued
        {
            CredentialId = credentialId,
            SecurityObjectSha256 = sod,
            DocumentType = "P",
            IssuedAt = Timestamp.FromDateTime(DateTime.UtcNow),
        }));
        await client.PublishAsync(LedgerTestClient.Envelope("dtc.issued", dtcId, new DtcIssued
        {
            DtcId = dtcId,
            SecurityObjectSha256 = sod,
            CredentialId = credentialId,
            IssuedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            ExpiresAt = Timestamp.FromDateTime(DateTime.UtcNow.AddYears(1)),
        }));
        await client.PublishAsync(LedgerTestClient.Envelope("dtc.revoked", dtcId, new DtcRevoked { DtcId = dtcId, RevokedAt = Timestamp.FromDateTime(DateTime.UtcNow) }));
        var dtcBySod = new GetCredentialStatusRequest { SecurityObjectSha256 = sod, Kind = CredentialKind.Dtc };
        var (dtc, _) = await client.WaitForStatusAsync(dtcBySod, s => s.Status == CredentialStatus.Revoked, Arrival);
        Assert.Equal(CredentialKind.Dtc, dtc.Kind);
        Assert.Equal(dtcId, dtc.CredentialId);

        // Without a kind the SOD names the passport, which the DTC's revocation does not touch.
        var passport = await client.Ledger.GetCredentialStatusAsync(new GetCredentialStatusRequest { SecurityObjectSha256 = sod }, LedgerTestClient.Call);
        Assert.Equal((CredentialKind.Emrtd, credentialId, CredentialStatus.Issued), (passport.Kind, passport.CredentialId, passport.Status));
        var emrtd = await client.Ledger.GetCredentialStatusAsync(new GetCredentialStatusRequest { SecurityObjectSha256 = sod, Kind = CredentialKind.Emrtd }, LedgerTestClient.Call);
        Assert.Equal(credentialId, emrtd.CredentialId);

        var misuse = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await client.Ledger.GetCredentialStatusAsync(new GetCredentialStatusRequest { DtcId = dtcId, Kind = CredentialKind.Dtc }, LedgerTestClient.Call));
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, misuse.StatusCode);
    }

    [Fact]
    public async Task Ingest_EventOnTopicNotOwningItsType_NotAppendedAndStatusUnchanged()
    {
        using var client = new LedgerTestClient(suite);
        var credentialId = Guid.NewGuid().ToString("D");
        var sod = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await client.PublishAsync(LedgerTestClient.Envelope("credential.issued", credentialId, new CredentialIssued
        {
            CredentialId = credentialId,
            SecurityObjectSha256 = sod,
            DocumentType = "P",
            IssuedAt = Timestamp.FromDateTime(DateTime.UtcNow),
        }));
        var byId = new GetCredentialStatusRequest { CredentialId = credentialId };
        await client.WaitForStatusAsync(byId, s => s.Status == CredentialStatus.Issued, Arrival);

        // A forged revocation on a topic that does not own credential.revoked (csca's), then a marker on the same
        // topic and key (same partition, so the ledger has handled the forgery once the marker is in).
        var forged = LedgerTestClient.Envelope("credential.revoked", credentialId, new CredentialRevoked
        {
            CredentialId = credentialId,
            SecurityObjectSha256 = sod,
            RevokedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            Reason = "STOLEN",
        });
        await client.PublishAsync(forged, Credentials.Outbox.EventTopics.Csca);
        var marker = LedgerTestClient.Envelope("certificate.issued", credentialId, new CertificateIssued());
        await client.PublishAsync(marker);
        await client.WaitForEntryAsync(marker, Arrival);

        var status = await client.Ledger.GetCredentialStatusAsync(byId, LedgerTestClient.Call);
        Assert.Equal(CredentialStatus.Issued, status.Status);
        var entries = await client.Ledger.ListEventsAsync(new ListEventsRequest { AggregateKey = credentialId }, LedgerTestClient.Call);
        Assert.DoesNotContain(entries.Entries, e => e.Event.EventId == forged.EventId);
    }

    [Fact]
    public async Task VerifyIntegrity_RowChangedWithSql_NamesThatEntry()
    {
        using var client = new LedgerTestClient(suite);
        var envelope = LedgerTestClient.Envelope("credential.issued", Guid.NewGuid().ToString("D"), new CredentialIssued { CredentialId = "tamper" });
        await client.PublishAsync(envelope);
        var entry = await client.WaitForEntryAsync(envelope, Arrival);
        var before = await client.Ledger.VerifyIntegrityAsync(new VerifyIntegrityRequest { VerifyCheckpoints = true }, LedgerTestClient.Call);
        Assert.True(before.Intact, $"{before.FailureReason} at {before.FirstBrokenSequence}: {before.FailureDetail}");

        byte[] original;
        await using (var owner = LedgerTestClient.OwnerConnection())
        {
            await owner.OpenAsync(TestContext.Current.CancellationToken);
            original = (byte[])(await Scalar(owner, "SELECT envelope FROM entries WHERE sequence = @s", entry.Sequence))!;
            await SetEnvelopeAsync(owner, entry.Sequence, [.. original, 0x00]);
        }

        try
        {
            var after = await client.Ledger.VerifyIntegrityAsync(new VerifyIntegrityRequest { VerifyCheckpoints = true }, LedgerTestClient.Call);
            Assert.False(after.Intact);
            Assert.Equal(entry.Sequence, after.FirstBrokenSequence);
            Assert.Equal("ENTRY_HASH_MISMATCH", after.FailureReason);
        }
        finally
        {
            await using var owner = LedgerTestClient.OwnerConnection();
            await owner.OpenAsync(TestContext.Current.CancellationToken);
            await SetEnvelopeAsync(owner, entry.Sequence, original);
        }

        var restored = await client.Ledger.VerifyIntegrityAsync(new VerifyIntegrityRequest { VerifyCheckpoints = true }, LedgerTestClient.Call);
        Assert.True(restored.Intact, $"{restored.FailureReason} at {restored.FirstBrokenSequence}: {restored.FailureDetail}");
        Assert.True(restored.EntriesChecked >= entry.Sequence);
    }

    [Fact]
    public async Task WriterRole_UpdateDeleteTruncate_PermissionDenied()
    {
        using var client = new LedgerTestClient(suite);
        var envelope = LedgerTestClient.Envelope("trust.updated", Guid.NewGuid().ToString("D"), new TrustUpdated { SourceId = "tests" });
        await client.PublishAsync(envelope);
        var entry = await client.WaitForEntryAsync(envelope, Arrival);

        await using var writer = LedgerTestClient.WriterConnection();
        await writer.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(entry.Sequence, (long)(await Scalar(writer, "SELECT sequence FROM entries WHERE sequence = @s", entry.Sequence))!);
        foreach (var sql in new[]
        {
            "UPDATE entries SET producer = 'x' WHERE sequence = @s",
            "DELETE FROM entries WHERE sequence = @s",
            "TRUNCATE entries",
        })
        {
            var denied = await Assert.ThrowsAsync<PostgresException>(() => Scalar(writer, sql, entry.Sequence));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            Assert.Contains("permission denied", denied.MessageText, StringComparison.Ordinal);
        }

        // Defence in depth: even the owner's UPDATE is refused by the trigger.
        await using var owner = LedgerTestClient.OwnerConnection();
        await owner.OpenAsync(TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Scalar(owner, "UPDATE entries SET producer = 'x' WHERE sequence = @s", entry.Sequence));
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_EveryTopicFromOffsetZero_AddsNoEntry()
    {
        using var client = new LedgerTestClient(suite);
        var marker = LedgerTestClient.Envelope("trust.updated", Guid.NewGuid().ToString("D"), new TrustUpdated { SourceId = "replay" });
        await client.PublishAsync(marker);
        await client.WaitForEntryAsync(marker, Arrival);

        var bootstrap = Environment.GetEnvironmentVariable("CRED_KAFKA_BOOTSTRAP")!;
        // The topics the ledger consumes: the six services' own (a test topic is never consumed, EventTopics).
        var topics = Credentials.Outbox.EventTopics.ServiceTopics.Order(StringComparer.Ordinal).ToArray();
        var watermarks = HighWatermarks(bootstrap, topics);
        long headBefore;
        await using (var owner = LedgerTestClient.OwnerConnection())
        {
            await owner.OpenAsync(TestContext.Current.CancellationToken);
            headBefore = (long)(await Scalar(owner, "SELECT coalesce(max(sequence), 0) FROM entries", 0))!;
        }

        var group = "ledger-replay-" + Guid.NewGuid().ToString("N");
        var port = FreePort();
        var environment = suite.ServiceEnvironment("ledger", port);
        environment["Kafka__ConsumerGroupId"] = group;
        var runDir = Environment.GetEnvironmentVariable("CRED_RUN_DIR")!;
        await using (var replay = ServiceProcess.Launch("ledger-replay", LedgerDll(), port, environment, Path.Combine(runDir, "logs", "it-ledger-replay.log")))
        {
            // Wait until the replay group has committed every partition up to the watermarks taken before it started.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!CaughtUp(bootstrap, group, watermarks))
            {
                Assert.True(replay.IsRunning, "the replay instance exited; see it-ledger-replay.log");
                Assert.True(DateTime.UtcNow < deadline, "the replay consumer group did not reach the end of the topics within 90 s");
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }

        var replayed = watermarks.Sum(w => w.Value);
        await using var check = LedgerTestClient.OwnerConnection();
        await check.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT source_topic, source_partition, source_offset FROM entries WHERE sequence > @s", check);
        command.Parameters.AddWithValue("s", headBefore);
        var added = 0;
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                var tp = new TopicPartition(reader.GetString(0), reader.GetInt32(1));
                if (watermarks.TryGetValue(tp, out var high) && reader.GetInt64(2) < high)
                {
                    added++;
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"replayed {replayed} records from offset 0 in group {group}; entries added for them: {added}");
        Assert.True(replayed > 0);
        Assert.Equal(0, added);
    }

    private static Dictionary<TopicPartition, long> HighWatermarks(string bootstrap, string[] topics)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "ledger-watermarks" }).Build();
        var result = new Dictionary<TopicPartition, long>();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
            foreach (var partition in metadata.Topics.SelectMany(t => t.Partitions))
            {
                var tp = new TopicPartition(topic, partition.PartitionId);
                result[tp] = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            }
        }

        return result;
    }

    private static bool CaughtUp(string bootstrap, string group, Dictionary<TopicPartition, long> watermarks)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group }).Build();
        var committed = consumer.Committed(watermarks.Keys.Where(tp => watermarks[tp] > 0), TimeSpan.FromSeconds(10));
        return committed.All(c => c.Offset.Value >= watermarks[c.TopicPartition]);
    }

    private static async Task SetEnvelopeAsync(NpgsqlConnection owner, long sequence, byte[] envelope)
    {
        await using var transaction = await owner.BeginTransactionAsync(TestContext.Current.CancellationToken);
        foreach (var sql in new[]
        {
            "ALTER TABLE entries DISABLE TRIGGER entries_no_update_delete",
            "UPDATE entries SET envelope = @e WHERE sequence = @s",
            "ALTER TABLE entries ENABLE TRIGGER entries_no_update_delete",
        })
        {
            await using var command = new NpgsqlCommand(sql, owner, transaction);
            command.Parameters.AddWithValue("e", envelope);
            command.Parameters.AddWithValue("s", sequence);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, long sequence)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("s", sequence);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LedgerDll()
    {
        var metadata = typeof(LedgerServiceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return Path.Combine(metadata["ArtifactsBin"]!, "Credentials.Ledger", metadata["ArtifactsPivot"]!, "Credentials.Ledger.dll");
    }
}
