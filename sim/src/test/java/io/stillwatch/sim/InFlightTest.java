package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InFlightTest {
    private record Line(long done, long seq, String text) {
    }

    @Test
    void releaseUntil_manyLines_writesEachOnceInCompletionOrder() throws Exception {
        SplittableRandom rng = new SplittableRandom(41);
        InFlight inFlight = new InFlight();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Line> all = new ArrayList<>();
        long now = 0;
        // enough bytes (~20 MB) that the arena is compacted many times while lines wait
        for (long seq = 0; seq < 40_000; seq++) {
            now += rng.nextInt(50);
            inFlight.releaseUntil(now, out);
            String text = "line " + seq + " " + "x".repeat(rng.nextInt(1000)) + "\n";
            Line line = new Line(now + rng.nextInt(5_000), seq, text);
            all.add(line);
            JsonBytes arena = inFlight.arena();
            int from = arena.length();
            arena.raw(text.getBytes(StandardCharsets.US_ASCII));
            inFlight.add(line.done(), seq, from);
        }
        inFlight.releaseAll(out);
        assertThat(inFlight.isEmpty()).isTrue();
        all.sort(Comparator.comparingLong(Line::done).thenComparingLong(Line::seq));
        StringBuilder expected = new StringBuilder();
        all.forEach(l -> expected.append(l.text()));
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }
}
