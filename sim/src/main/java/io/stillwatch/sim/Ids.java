package io.stillwatch.sim;

/**
 * Deterministic identifiers and seeds. {@link #mix} is the SplitMix64 finaliser (Steele, Lea and
 * Flood 2014), a bijection on 64-bit values, so ids derived from distinct counters never collide and
 * look random: an account id reveals neither its population nor its campaign.
 */
final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** {@code prefix} followed by {@code digits} hex digits of {@code value}. */
    static String hex(String prefix, long value, int digits) {
        char[] out = new char[prefix.length() + digits];
        prefix.getChars(0, prefix.length(), out, 0);
        for (int i = digits - 1; i >= 0; i--) {
            out[prefix.length() + i] = HEX[(int) (value & 15)];
            value >>>= 4;
        }
        return new String(out);
    }

    static long seed(long scenarioSeed, String stream, long index) {
        return mix(mix(scenarioSeed ^ stream.hashCode() * 0x9e3779b97f4a7c15L) + index);
    }
}
