package io.stillwatch.detect.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinHashSketchTest {

    /** Rotation densification as Shrivastava and Li state it: scan right from each empty bin to a filled one. */
    private static long[] referenceBandKeys(long[] mins, int bands) {
        int bins = mins.length;
        long[] sig = new long[bins];
        for (int i = 0; i < bins; i++) {
            if (mins[i] != Long.MAX_VALUE) {
                sig[i] = mins[i];
                continue;
            }
            int d = 1;
            while (mins[(i + d) & (bins - 1)] == Long.MAX_VALUE) {
                d++;
            }
            sig[i] = Hashing.mix(mins[(i + d) & (bins - 1)] + d * 0x632be59bd9b4e019L);
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

    @Test
    void bandKeys_fewToManyShingles_sameAsTheReferenceDensification() {
        SplittableRandom rng = new SplittableRandom(11);
        MinHashSketch sketch = new MinHashSketch(32, 8);
        for (int round = 0; round < 2000; round++) {
            sketch.reset();
            int shingles = 1 + rng.nextInt(round % 4 == 0 ? 3 : 60); // many rounds with mostly empty bins
            for (int k = 0; k < shingles; k++) {
                sketch.add(rng.nextLong());
            }
            assertThat(sketch.bandKeys()).isEqualTo(referenceBandKeys(sketch.signature(), 8));
        }
    }

    @Test
    void bandKeys_noShingle_noKeys() {
        MinHashSketch sketch = new MinHashSketch(32, 8);
        sketch.reset();
        assertThat(sketch.bandKeys()).isEmpty();
    }
}
