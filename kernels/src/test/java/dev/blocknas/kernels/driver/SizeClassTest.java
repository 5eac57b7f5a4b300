package dev.blocknas.kernels.driver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The caching allocator's size classes and its byte counts in messages (no GPU needed). */
class SizeClassTest {
    @Test
    void smallRequestsRoundTo512BytesLargeOnesTo2MiB() {
        assertEquals(512, CachingAllocator.roundUp(0));
        assertEquals(512, CachingAllocator.roundUp(1));
        assertEquals(512, CachingAllocator.roundUp(512));
        assertEquals(1024, CachingAllocator.roundUp(513));
        assertEquals(1L << 20, CachingAllocator.roundUp(1L << 20));
        assertEquals(2L << 20, CachingAllocator.roundUp((1L << 20) + 1));
        assertEquals(4L << 20, CachingAllocator.roundUp((2L << 20) + 1));
        assertEquals(1L << 50, CachingAllocator.roundUp(1L << 50));
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("3.2 GiB", CachingAllocator.human((long) (3.2 * (1L << 30))));
        assertEquals("1.5 MiB", CachingAllocator.human(3L << 19));
        assertEquals("2.0 KiB", CachingAllocator.human(2048));
        assertEquals("17 B", CachingAllocator.human(17));
    }
}
