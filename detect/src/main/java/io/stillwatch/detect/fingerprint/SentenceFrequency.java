package io.stillwatch.detect.fingerprint;

/**
 * How often each sentence has been seen so far, in fixed memory: a count-min sketch with conservative
 * update (Cormode and Muthukrishnan, "An improved data stream summary: the count-min sketch", 2005;
 * Estan and Varghese 2002 for conservative update). It never under-counts, so a sentence that recurs
 * across exchanges is reliably recognised as part of a template; rare sentences are the variable
 * spans. Counts saturate at {@link Short#MAX_VALUE}. Memory: {@code depth * width * 2} bytes.
 */
final class SentenceFrequency {
    private final short[][] rows;
    private final int mask;
    private final int[] idx;

    SentenceFrequency(int depth, int widthLog2) {
        if (depth < 1 || depth > 8) {
            throw new IllegalArgumentException("sentence sketch depth: " + depth + " (expected: 1..8)");
        }
        if (widthLog2 < 8 || widthLog2 > 26) {
            throw new IllegalArgumentException("sentence sketch width log2: " + widthLog2 + " (expected: 8..26)");
        }
        rows = new short[depth][1 << widthLog2];
        mask = (1 << widthLog2) - 1;
        idx = new int[depth];
    }

    /** Counts one more occurrence of {@code sentence} and returns its estimated count, this one included. */
    int addAndEstimate(long sentence) {
        int min = Integer.MAX_VALUE;
        long h = sentence;
        for (int d = 0; d < rows.length; d++) {
            h = Hashing.mix(h + d + 1);
            idx[d] = (int) h & mask;
            min = Math.min(min, rows[d][idx[d]]);
        }
        int next = Math.min(Short.MAX_VALUE, min + 1);
        for (int d = 0; d < rows.length; d++) {
            if (rows[d][idx[d]] < next) {
                rows[d][idx[d]] = (short) next;
            }
        }
        return next;
    }
}
