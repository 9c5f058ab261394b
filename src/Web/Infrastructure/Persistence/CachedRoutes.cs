using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// The route cache's storage: conversations in pages of compact structs, each shared by its two
/// routes, and an open-addressing index from a route's key to its conversation and side. With a
/// million conversations that is 56 MB of conversations and 16 MB of index, where a dictionary of
/// routes took 150 MB (docs/benchmarks.md). Not thread-safe: <see cref="RouteCache"/> locks it.
/// </summary>
internal sealed class CachedRoutes
{
    // Pages, not one array: growing never copies the conversations (a doubling array would hold
    // old and new at once, 56 + 112 MB at a million), and a page is only taken when first needed.
    const int PageBits = 13;
    const int PageSize = 1 << PageBits;
    const int MinIndexBits = 4;

    CachedConversation[][] pages = [];
    int used; // slots ever used; freed ones are reused first
    readonly Stack<int> free = new();

    // A slot holds 0 (empty) or 1 + (conversation << 1 | side). Linear probing, at most 3/4 full.
    int[] index = new int[1 << MinIndexBits];
    int indexBits = MinIndexBits;

    // Only the few conversations that name their own intercept URL have one.
    readonly Dictionary<RoutePair, Uri> interceptUrls = [];

    /// <summary>How many routes are held.</summary>
    public int Count { get; private set; }

    /// <summary>How many conversations the routes held are stored as: one for both sides said the same way.</summary>
    public int Conversations => used - free.Count;

    public bool TryGet(RoutePair pair, out CachedConversation conversation, out Uri? interceptUrl)
    {
        var slot = Find(pair);
        interceptUrl = null;
        if (slot < 0)
        {
            conversation = default;
            return false;
        }
        var side = SideOf(index[slot]);
        conversation = At(ConversationOf(index[slot]));
        if (conversation.HasInterceptUrl(side)) interceptUrl = interceptUrls.GetValueOrDefault(pair);
        return true;
    }

    /// <summary>
    /// Holds the route of <paramref name="pair"/>, if it is a side of the conversation. One probe
    /// for the key decides everything (held or not, replace or not, room or not): a load keeps
    /// millions of rows through here.
    /// </summary>
    /// <param name="replace">Whether a route already held under the key gives way to this one.</param>
    /// <param name="mayAdd">Whether there is room for one more route: the limit is the owner's.</param>
    public Kept Set(RoutePair pair, CachedConversation conversation, Uri? interceptUrl, bool replace = true, bool mayAdd = true)
    {
        if (conversation.SideOf(pair) is not { } side) return Kept.NotASide;
        var slot = Find(pair);
        var held = slot >= 0;
        if (held && !replace) return Kept.AlreadyHeld;
        if (!held && !mayAdd) return Kept.NoRoom;
        if (held)
        {
            Release(slot, pair);
            slot = Find(pair); // the backward shift may have moved the key's run
        }
        if (Count + 1 > Capacity * 3 / 4)
        {
            Resize(indexBits + 1);
            slot = Find(pair);
        }
        var at = Share(conversation, side) ?? Allocate(conversation);
        Put(at, At(at).Holding(side, interceptUrl is not null));
        index[~slot] = Slot(at, side);
        if (interceptUrl is not null) interceptUrls[pair] = interceptUrl;
        Count++;
        return held ? Kept.Replaced : Kept.Added;
    }

    public bool Remove(RoutePair pair)
    {
        var slot = Find(pair);
        if (slot < 0) return false;
        Release(slot, pair);
        return true;
    }

    void Release(int slot, RoutePair pair)
    {
        var (at, side) = (ConversationOf(index[slot]), SideOf(index[slot]));
        var released = At(at).Releasing(side);
        Put(at, released);
        if (!released.HoldsAnySide) free.Push(at);
        interceptUrls.Remove(pair);
        Vacate(slot);
        Count--;
    }

    /// <summary>Sizes the index for this many routes at once, so a load does not rehash as it goes.</summary>
    public void Reserve(int routes)
    {
        var bits = MinIndexBits;
        while ((1L << bits) * 3 / 4 < routes) bits++;
        if (bits > indexBits) Resize(bits);
    }

    int Capacity => 1 << indexBits;

    // The other side's conversation, when it is this one said the same way: stored once for both.
    int? Share(CachedConversation conversation, Side side)
    {
        var other = side == Side.A ? Side.B : Side.A;
        var slot = Find(conversation.Key(other));
        if (slot < 0 || SideOf(index[slot]) != other) return null;
        var at = ConversationOf(index[slot]);
        return At(at).SameAs(conversation) ? at : null;
    }

    int Allocate(CachedConversation conversation)
    {
        var at = free.Count > 0 ? free.Pop() : used++;
        if (at >> PageBits >= pages.Length) Array.Resize(ref pages, pages.Length + 1);
        pages[at >> PageBits] ??= new CachedConversation[PageSize];
        Put(at, conversation.Releasing(Side.A).Releasing(Side.B));
        return at;
    }

    CachedConversation At(int at) => pages[at >> PageBits][at & (PageSize - 1)];

    void Put(int at, CachedConversation conversation) => pages[at >> PageBits][at & (PageSize - 1)] = conversation;

    static int Slot(int conversation, Side side) => 1 + (conversation << 1 | (int)side);
    static int ConversationOf(int slot) => (slot - 1) >> 1;
    static Side SideOf(int slot) => (Side)((slot - 1) & 1);

    RoutePair KeyOf(int slot) => At(ConversationOf(slot)).Key(SideOf(slot));

    /// <returns>The slot holding <paramref name="pair"/>, or the complement of the empty slot where it would go.</returns>
    int Find(RoutePair pair)
    {
        var mask = Capacity - 1;
        for (var i = pair.Hash(indexBits); ; i = (i + 1) & mask)
        {
            if (index[i] == 0) return ~i;
            if (KeyOf(index[i]) == pair) return i;
        }
    }

    // Backward-shift deletion: later slots of the same probe run move up, so a lookup still
    // finds them without tombstones slowing every probe after many removals.
    void Vacate(int hole)
    {
        var mask = Capacity - 1;
        index[hole] = 0;
        for (var i = (hole + 1) & mask; index[i] != 0; i = (i + 1) & mask)
        {
            var home = KeyOf(index[i]).Hash(indexBits);
            // Stays when its home lies cyclically in (hole, i]: moving it would put it before its home.
            var stays = hole < i ? home > hole && home <= i : home > hole || home <= i;
            if (stays) continue;
            index[hole] = index[i];
            index[i] = 0;
            hole = i;
        }
    }

    void Resize(int bits)
    {
        var old = index;
        (index, indexBits) = (new int[1 << bits], bits);
        var mask = Capacity - 1;
        foreach (var slot in old)
        {
            if (slot == 0) continue;
            var i = KeyOf(slot).Hash(indexBits);
            while (index[i] != 0) i = (i + 1) & mask;
            index[i] = slot;
        }
    }
}

/// <summary>What <see cref="CachedRoutes.Set"/> did with a route.</summary>
internal enum Kept
{
    Added,
    Replaced,
    /// <summary>A route was held under the key, and was not to be replaced.</summary>
    AlreadyHeld,
    /// <summary>Not held, and no room for another.</summary>
    NoRoom,
    /// <summary>The key is neither side of the conversation.</summary>
    NotASide,
}
