package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SseDecoderTest {
    private static final String STREAM = "event: message_start\ndata: {\"a\":1}\n\n"
            + ": comment\n\n"
            + "data: line one\ndata: line two\n\n"
            + "event: ping\r\ndata: {}\r\n\r\n"
            + "data: [DONE]\n\n";

    @Test
    void feed_wholeStream_emitsEachEventWithRawBytes() {
        List<SseDecoder.Event> events = new ArrayList<>();
        new SseDecoder(1024, events::add).feed(Unpooled.copiedBuffer(STREAM, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(events).extracting(SseDecoder.Event::type).containsExactly("message_start", null, null, "ping", null);
        assertThat(events.get(2).data()).isEqualTo("line one\nline two");
        assertThat(events.get(3).data()).isEqualTo("{}");
        StringBuilder raw = new StringBuilder();
        events.forEach(e -> raw.append(e.raw().toString(StandardCharsets.UTF_8)));
        assertThat(raw.toString()).isEqualTo(STREAM);
    }

    @Test
    void feed_randomSplits_sameEventsAsWhole() {
        long seed = 42;
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 200; round++) {
            List<SseDecoder.Event> events = new ArrayList<>();
            SseDecoder d = new SseDecoder(1024, events::add);
            int pos = 0;
            while (pos < bytes.length) {
                int n = 1 + random.nextInt(7);
                int end = Math.min(bytes.length, pos + n);
                d.feed(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(bytes, pos, end)));
                pos = end;
            }
            assertThat(events).as("seed %d round %d", seed, round).hasSize(5);
            assertThat(events.get(4).data()).isEqualTo("[DONE]");
            assertThat(d.pendingBytes()).isZero();
        }
    }

    @Test
    void feed_incompleteEvent_isHeldUntilBlankLine() {
        List<SseDecoder.Event> events = new ArrayList<>();
        SseDecoder d = new SseDecoder(1024, events::add);
        d.feed(Unpooled.copiedBuffer("data: par", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(events).isEmpty();
        assertThat(d.pendingBytes()).isEqualTo(9);
        d.feed(Unpooled.copiedBuffer("tial\n", java.nio.charset.StandardCharsets.UTF_8));
        d.feed(Unpooled.copiedBuffer("\n", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(events).singleElement().extracting(SseDecoder.Event::data).isEqualTo("partial");
    }

    @Test
    void feed_eventOverLimit_throws() {
        SseDecoder d = new SseDecoder(16, e -> { });
        assertThatThrownBy(() -> d.feed(Unpooled.copiedBuffer("data: " + "x".repeat(64), StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("16 bytes");
    }
}
