namespace Credentials.Pkd.Application;

/// <summary>What a stored item is (column <c>item_kind</c> of <c>artifact_items</c> and <c>changes</c>).</summary>
internal enum ItemKind
{
    /// <summary>An X.509 certificate.</summary>
    Certificate = 1,

    /// <summary>A CRL.</summary>
    Crl = 2,
}
