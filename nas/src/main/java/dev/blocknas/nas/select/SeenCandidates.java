package dev.blocknas.nas.select;

/**
 * Which candidates of which blocks a file has shown, in 8 to 16 bytes each: a 64-bit fingerprint of (block,
 * label) in an open-addressing table, not the labels. Two different candidates share a fingerprint with a
 * chance of about n^2 / 2^65 (under 1e-6 for four million rows), so a repeat it reports is only a suspect that
 * the caller confirms from the file.
 */
final class SeenCandidates {
    private long[] slots = new long[1 << 12];
    private int size;

    /** Records the candidate; false when its fingerprint was seen before (a repeat, or rarely another candidate). */
    boolean add(int block, String label) {
        if (size + 1 > slots.length / 4 * 3) {
            grow();
        }
        if (!insert(slots, fingerprint(block, label))) {
            return false;
        }
        size++;
        return true;
    }

    private static boolean insert(long[] table, long f) {
        int mask = table.length - 1;
        for (int i = (int) f & mask;; i = (i + 1) & mask) {
            if (table[i] == f) {
                return false;
            }
            if (table[i] == 0) {
                table[i] = f;
                return true;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long f : slots) {
            if (f != 0) {
                insert(bigger, f);
            }
        }
        slots = bigger;
    }

    /** FNV-1a over the block and the label's characters, then MurmurHash3's finaliser; never 0, the empty slot. */
    static long fingerprint(int block, String label) {
        long h = 0xcbf29ce484222325L ^ block;
        h *= 0x100000001b3L;
        for (int i = 0; i < label.length(); i++) {
            h = (h ^ label.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
