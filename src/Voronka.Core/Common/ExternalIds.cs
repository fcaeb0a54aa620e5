namespace Voronka.Core.Common;

/// <summary>
/// The key a deal, company or contact carries from the system it came from: integrators and imports find and update
/// the record by it. Trimmed, at most <see cref="MaxLength"/> characters, null when empty, matched exactly, and unique
/// per table among the records that have one.
/// </summary>
public static class ExternalIds
{
    /// <summary>The longest key accepted, in characters after trimming.</summary>
    public const int MaxLength = 100;

    /// <summary>The field the key is sent, filtered and refused by.</summary>
    public const string Field = "externalId";

    /// <summary>The filter of the unique indexes: only the rows that have a key. Written with quoted names, which SQLite
    /// and PostgreSQL both read.</summary>
    internal const string IndexFilter = "\"ExternalId\" IS NOT NULL";

    /// <summary>The key as kept: trimmed, null when empty.</summary>
    internal static string? Clean(string? value) => Text.Clean(value);

    /// <summary>The record that already holds a key. <see cref="Visible"/> is false when the actor may not see it: the
    /// reason then says that another record holds the key, not which one.</summary>
    internal sealed record Holder(int Id, string Name, bool Visible, bool Deleted = false);

    /// <summary>Why the key cannot be given to a <paramref name="kind"/> (deal, company or contact): it names the record
    /// that holds it, or says only that another one does when the actor may not see it.</summary>
    internal static string HeldBy(string kind, Holder holder) => (holder.Visible, holder.Deleted, kind) switch
    {
        (true, true, _) => $"is already held by {kind} {holder.Id} '{holder.Name}', which was deleted.",
        (true, false, _) => $"is already held by {kind} {holder.Id} '{holder.Name}'.",
        (false, _, "deal") => "is already held by another deal.",
        (false, _, "company") => "is already held by another company.",
        _ => "is already held by another contact.",
    };
}
