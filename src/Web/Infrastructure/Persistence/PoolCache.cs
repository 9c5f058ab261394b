namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// The pool as last read, so creating a conversation need not read every pool number again.
/// Served only while <see cref="ChangeListener"/> listens: any write to the pool table, on any
/// instance, notifies every instance at commit and empties this; this instance's own writes
/// empty it at once (<see cref="Changed"/>), so it never serves its own stale pool.
/// </summary>
public sealed class PoolCache
{
    PoolSnapshot? snapshot;
    long epoch;
    volatile bool listening;

    /// <summary>Taken before a database read, handed back to <see cref="Offer"/>.</summary>
    public long Epoch => Interlocked.Read(ref epoch);

    public bool IsListening => listening;

    public PoolSnapshot? Current => listening ? Volatile.Read(ref snapshot) : null;

    /// <summary>Keeps a pool read from the database, unless the pool changed since the read began.</summary>
    public void Offer(PoolSnapshot read, long epochAtRead)
    {
        if (!listening || Epoch != epochAtRead) return;
        Volatile.Write(ref snapshot, read);
        if (Epoch != epochAtRead) Volatile.Write(ref snapshot, null);
    }

    public void Changed()
    {
        Interlocked.Increment(ref epoch);
        Volatile.Write(ref snapshot, null);
    }

    public void Listening()
    {
        Changed();
        listening = true;
    }

    public void NotListening()
    {
        listening = false;
        Changed();
    }
}
