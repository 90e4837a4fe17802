package io.stillwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {

    /** A record with its event time and its position in the input. */
    private record Rec(long time, int arrival) {
    }

    @Test
    void add_shuffledWithinDisorder_releasesInTimeThenArrivalOrder() {
        for (int seed = 1; seed <= 20; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Rec> in = new ArrayList<>();
            long clock = 1_000_000;
            for (int i = 0; i < 5_000; i++) {
                clock += rng.nextInt(3); // many equal times: ties must keep arrival order
                in.add(new Rec(clock - rng.nextInt(1_000), i)); // up to 1 s out of order
            }
            List<Rec> out = new ArrayList<>();
            ReorderBuffer<Rec> buffer = new ReorderBuffer<>(Duration.ofSeconds(1), Rec::time, out::add);
            in.forEach(buffer::add);
            buffer.flush();

            List<Rec> expected = new ArrayList<>(in);
            expected.sort(Comparator.comparingLong(Rec::time)); // stable: equal times stay in arrival order
            assertThat(out).as("seed %d", seed).containsExactlyElementsOf(expected);
            assertThat(buffer.late()).as("seed %d", seed).isZero();
        }
    }

    @Test
    void add_releasesOnlyWhatTheWatermarkHasPassed() {
        List<Rec> out = new ArrayList<>();
        ReorderBuffer<Rec> buffer = new ReorderBuffer<>(Duration.ofMillis(10), Rec::time, out::add);
        buffer.add(new Rec(100, 0));
        buffer.add(new Rec(95, 1));
        assertThat(out).isEmpty(); // watermark 90
        buffer.add(new Rec(109, 2)); // watermark 99
        assertThat(out).containsExactly(new Rec(95, 1));
        buffer.add(new Rec(110, 3)); // watermark 100: inclusive
        assertThat(out).containsExactly(new Rec(95, 1), new Rec(100, 0));
        assertThat(buffer.maxBuffered()).isEqualTo(3);
    }

    @Test
    void add_beyondTheDisorder_isReleasedAtOnceAndCounted() {
        List<Rec> out = new ArrayList<>();
        ReorderBuffer<Rec> buffer = new ReorderBuffer<>(Duration.ofMillis(10), Rec::time, out::add);
        buffer.add(new Rec(100, 0));
        buffer.add(new Rec(50, 1));
        assertThat(out).containsExactly(new Rec(50, 1));
        assertThat(buffer.late()).isEqualTo(1);
        buffer.flush();
        assertThat(out).containsExactly(new Rec(50, 1), new Rec(100, 0));
    }

    @Test
    void new_negativeDisorder_isRejected() {
        assertThatThrownBy(() -> new ReorderBuffer<Rec>(Duration.ofMillis(-1), Rec::time, r -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: >= 0");
    }
}
