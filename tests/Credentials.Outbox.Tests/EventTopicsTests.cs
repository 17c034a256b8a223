namespace Credentials.Outbox.Tests;

public sealed class EventTopicsTests
{
    [Theory]
    [InlineData("certificate.issued", EventTopics.Csca)]
    [InlineData("certificate.revoked", EventTopics.Csca)]
    [InlineData("crl.published", EventTopics.Csca)]
    [InlineData("credential.issued", EventTopics.DocumentSigner)]
    [InlineData("seal.issued", EventTopics.DocumentSigner)]
    [InlineData("credential.revoked", EventTopics.DocumentSigner)]
    [InlineData("dtc.issued", EventTopics.Dtc)]
    [InlineData("dtc.revoked", EventTopics.Dtc)]
    [InlineData("trust.updated", EventTopics.Pkd)]
    public void IsAccepted_OwnersTopicOnly_TrueThereFalseElsewhere(string eventType, string owner)
    {
        Assert.True(EventTopics.IsAccepted(eventType, owner));
        foreach (var other in EventTopics.ServiceTopics.Where(t => t != owner).Append("credentials.tests.v1.events"))
        {
            Assert.False(EventTopics.IsAccepted(eventType, other), $"{eventType} accepted from {other}");
        }
    }

    [Fact]
    public void IsAccepted_UnknownEventType_False()
    {
        Assert.False(EventTopics.IsAccepted("credential.reinstated", EventTopics.DocumentSigner));
        Assert.Null(EventTopics.OwningTopic("credential.reinstated"));
    }

    [Fact]
    public void ValidateConsumedTopics_ServiceTopics_NoFailure()
    {
        Assert.Empty(EventTopics.ValidateConsumedTopics("Ledger:Topics", EventTopics.ServiceTopics));
    }

    [Theory]
    [InlineData("credentials.tests.v1.events", "test topic")]
    [InlineData("credentials.csca.v2.events", "not the event topic of a Credentials service")]
    [InlineData("", "not the event topic of a Credentials service")]
    public void ValidateConsumedTopics_TestOrForeignTopic_Refused(string topic, string expected)
    {
        var failure = Assert.Single(EventTopics.ValidateConsumedTopics("Ledger:Topics", [EventTopics.Csca, topic]));
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }
}
