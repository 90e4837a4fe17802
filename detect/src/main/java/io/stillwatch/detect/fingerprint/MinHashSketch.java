package io.stillwatch.detect.fingerprint;

/**
 * MinHash signature of a set of shingles (Broder, "On the resemblance and containment of documents",
 * 1997) computed by one-permutation hashing (Li, Owen and Zhang, NIPS 2012): each shingle is hashed
 * once, its top bits pick one of {@code bins} bins and the bin keeps its minimum; empty bins are
 * filled by rotation densification (Shrivastava and Li, ICML 2014), so the cost is one hash per
 * shingle instead of one per shingle and hash function. Two signatures agree in a bin with probability
 * close to the Jaccard similarity of the two shingle sets.
 *
 * <p>The signature is cut into {@code bands} bands of {@code bins / bands} rows; each band hashes to a
 * key (Indyk and Motwani 1998; Leskovec, Rajaraman and Ullman, Mining of Massive Datasets, ch. 3), so
 * near-duplicates share at least one key with high probability and are found by a hash lookup.
 * Not thread-safe: one instance per thread (it reuses its signature buffer).
 */
final class MinHashSketch {
    private final int bins;
    private final int bands;
    private final int binBits;
    private final long[] mins;
    private final long[] sig;

    MinHashSketch(int bins, int bands) {
        if (Integer.bitCount(bins) != 1 || bins < 4 || bins > 256) {
            throw new IllegalArgumentException("minhash bins: " + bins + " (expected: a power of two in 4..256)");
        }
        if (bands < 1 || bins % bands != 0) {
            throw new IllegalArgumentException("lsh bands: " + bands + " (expected: a divisor of bins " + bins + ")");
        }
        this.bins = bins;
        this.bands = bands;
        this.binBits = Integer.numberOfTrailingZeros(bins);
        this.mins = new long[bins];
        this.sig = new long[bins];
    }

    void reset() {
        java.util.Arrays.fill(mins, Long.MAX_VALUE);
    }

    void add(long shingleHash) {
        long h = Hashing.mix(shingleHash ^ 0x9e3779b97f4a7c15L);
        int bin = (int) (h >>> (64 - binBits));
        long value = h & (Long.MAX_VALUE >>> binBits);
        if (value < mins[bin]) {
            mins[bin] = value;
        }
    }

    /** Band keys of the current signature, or an empty array when no shingle was added. */
    long[] bandKeys() {
        int filled = -1;
        for (int i = 0; i < bins && filled < 0; i++) {
            if (mins[i] != Long.MAX_VALUE) {
                filled = i;
            }
        }
        if (filled < 0) {
            return new long[0];
        }
        long[] sig = this.sig;
        // rotation densification: an empty bin borrows from the next non-empty bin to its right, offset by the
        // distance; one leftward walk round the ring from a filled bin always knows that bin
        int mask = bins - 1;
        int next = filled;
        for (int step = 1; step <= bins; step++) {
            int i = (filled - step) & mask;
            if (mins[i] != Long.MAX_VALUE) {
                sig[i] = mins[i];
                next = i;
            } else {
                int d = (next - i) & mask;
                sig[i] = Hashing.mix(mins[next] + d * 0x632be59bd9b4e019L);
            }
        }
        int rows = bins / bands;
        long[] keys = new long[bands];
        for (int b = 0; b < bands; b++) {
            long k = b + 1;
            for (int r = 0; r < rows; r++) {
                k = Hashing.combine(k, sig[b * rows + r]);
            }
            keys[b] = k;
        }
        return keys;
    }

    /** The raw signature (for tests estimating Jaccard similarity). */
    long[] signature() {
        return mins.clone();
    }
}
