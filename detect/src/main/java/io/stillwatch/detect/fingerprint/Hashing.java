package io.stillwatch.detect.fingerprint;

/**
 * 64-bit hashing used by the fingerprints: FNV-1a over characters, finished with the SplitMix64
 * mixer (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) so
 * that the low and high bits are both well spread for MinHash bins and LSH bands.
 */
public final class Hashing {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long hash(CharSequence s) {
        return hash(s, 0, s.length());
    }

    public static long hash(CharSequence s, int from, int to) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    public static long combine(long a, long b) {
        return mix(a * 31 + b);
    }
}
