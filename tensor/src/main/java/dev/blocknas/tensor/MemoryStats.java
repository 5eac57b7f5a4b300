package dev.blocknas.tensor;

/**
 * A backend's memory counters.
 *
 * @param bytesInUse   bytes held by live storages
 * @param bytesCached  bytes freed by tensors but kept by the allocator for reuse (on the CPU: freed arrays kept by length)
 * @param allocations  storages handed out since the backend opened
 * @param cacheHits    allocations served from the cache without asking the driver
 */
public record MemoryStats(long bytesInUse, long bytesCached, long allocations, long cacheHits) {}
