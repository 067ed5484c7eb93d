namespace Pipeline.Engine;

/// <summary>What the stat cache knows about one file: its stat when hashed, the hash, and when it was hashed.</summary>
internal readonly record struct StatCacheEntry(long Size, long ModifiedTicks, long HashedAtTicks, string Hash);
