package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NewlineScanTest {

    private static int naive(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void indexOfNewline_randomBytesAndRanges_sameAsAByteByByteScan() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[rng.nextInt(1, 64)];
            for (int i = 0; i < b.length; i++) {
                // bytes around '\n' (0x0A) and the high ones, where a word-at-a-time test could go wrong
                int kind = rng.nextInt(6);
                b[i] = (byte) switch (kind) {
                    case 0 -> '\n';
                    case 1 -> 0x0B;
                    case 2 -> 0x09;
                    case 3 -> 0x8A;
                    case 4 -> 0x00;
                    default -> rng.nextInt(256);
                };
                if (rng.nextInt(4) != 0 && kind == 0) {
                    b[i] = 'a'; // newlines sparse most of the time
                }
            }
            int from = rng.nextInt(b.length + 1);
            int to = from + rng.nextInt(b.length - from + 1);
            assertThat(JsonLinesReader.indexOfNewline(b, from, to)).as("round %d", round).isEqualTo(naive(b, from, to));
        }
    }
}
