package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventHeapTest {
    private record Event(long time, long tie, long ref) {
    }

    @Test
    void poll_randomAddsAndPolls_givesTimeThenTieOrder() {
        SplittableRandom rng = new SplittableRandom(31);
        EventHeap heap = new EventHeap();
        PriorityQueue<Event> reference = new PriorityQueue<>(
                Comparator.comparingLong(Event::time).thenComparingLong(Event::tie));
        long tie = 0;
        for (int i = 0; i < 200_000; i++) {
            if (reference.isEmpty() || rng.nextInt(5) < 3) {
                Event e = new Event(rng.nextLong(1_000), tie++, rng.nextLong());
                heap.add(e.time(), e.tie(), e.ref());
                reference.add(e);
            } else {
                Event expected = reference.poll();
                assertThat(heap.peekTime()).isEqualTo(expected.time());
                assertThat(heap.peekRef()).isEqualTo(expected.ref());
                assertThat(heap.poll()).as("seed 31, step %d", i).isEqualTo(expected.ref());
            }
            assertThat(heap.size()).isEqualTo(reference.size());
        }
    }
}
