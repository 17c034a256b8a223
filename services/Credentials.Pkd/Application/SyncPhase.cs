namespace Credentials.Pkd.Application;

/// <summary>The steps of one artifact's sync whose time <see cref="SyncPhaseTimings"/> accumulates.</summary>
internal enum SyncPhase
{
    /// <summary>Reading the artifact from its source.</summary>
    Fetch,

    /// <summary>The artifact's SHA-256 (skip check) and the object store's content key.</summary>
    Hash,

    /// <summary>Waiting for the raw artifact's upload to the object store (it runs while the split counts the units).</summary>
    Store,

    /// <summary>Reading the LDIF and splitting it into units (base64 decoding included).</summary>
    Split,

    /// <summary>Decoding the certificates and CRLs of DSC/CRL units (thread time, summed over workers).</summary>
    Decode,

    /// <summary>Signature, path and role checks and linting of every item (thread time, summed over workers).</summary>
    Verify,

    /// <summary>The engine waiting for the unit at the head of the queue to be verified (wall time).</summary>
    VerifyWait,

    /// <summary>Committing batches of units (wall time, every part below included).</summary>
    Commit,

    /// <summary>Commit: looking up the stored state of the units' certificates and CRLs.</summary>
    CommitLookup,

    /// <summary>Commit: inserting new certificates (binary COPY) and reinstating stored ones.</summary>
    CommitCertificates,

    /// <summary>Commit: upserting and promoting CRLs.</summary>
    CommitCrls,

    /// <summary>Commit: artifact membership rows.</summary>
    CommitMembership,

    /// <summary>Commit: change log rows.</summary>
    CommitChangeLog,

    /// <summary>Commit: TrustUpdated outbox rows.</summary>
    CommitEvents,
}
