namespace Credentials.KeyVault;

/// <summary>Names a key pair in the vault, either by its unique label or by its id (hex of PKCS#11 CKA_ID).</summary>
public sealed record KeyReference
{
    private KeyReference(string? label, string? id)
    {
        Label = label;
        Id = id;
    }

    /// <summary>The label, when the reference is by label.</summary>
    public string? Label { get; }

    /// <summary>The id (lower-case hex), when the reference is by id.</summary>
    public string? Id { get; }

    /// <summary>A reference by label (CKA_LABEL).</summary>
    public static KeyReference ByLabel(string label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return new(label, null);
    }

    /// <summary>A reference by id: the hex string returned in <see cref="KeyInfo.Id"/>.</summary>
    public static KeyReference ById(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (id.Length % 2 != 0 || !id.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("A key id is an even-length hex string.", nameof(id));
        }

        return new(null, id.ToLowerInvariant());
    }

    /// <inheritdoc />
    public override string ToString() => Label is not null ? $"label '{Label}'" : $"id {Id}";
}
