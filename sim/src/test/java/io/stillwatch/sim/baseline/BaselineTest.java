package io.stillwatch.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.ExchangeRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BaselineTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-05-04T00:00:00Z");

    private static ExchangeRecord x(String account, long offsetMs, String prompt) {
        ObjectNode req = M.createObjectNode().put("model", "gpt-4.1");
        req.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return new ExchangeRecord(1, account + offsetMs, T0.plusMillis(offsetMs), account, "k", "1.2.3.4", null,
                "openai.chat.completions", "gpt-4.1", false, req, null, null, null, 200, 100L, null);
    }

    @Test
    void rate_sixtyOnePerMinute_flagsAtTheSixtyFirst() {
        RateBaseline b = new RateBaseline(new RateBaseline.Config(60, 1500));
        for (int i = 0; i < 61; i++) {
            b.observe(x("fast", i * 500L, "hi " + i));
            b.observe(x("slow", i * 2000L, "hi " + i));
        }
        DetectionReport r = b.report(0);
        assertThat(r.flags()).extracting(DetectionReport.Flag::account).containsExactly("fast");
        assertThat(r.flags().get(0).at()).isEqualTo(T0.plusMillis(60 * 500L));
        assertThat(r.input().exchanges()).isEqualTo(122);
    }

    @Test
    void rate_perDayLimit_slidesOverTwentyFourHours() {
        RateBaseline b = new RateBaseline(new RateBaseline.Config(1000, 100));
        for (int i = 0; i < 150; i++) {
            b.observe(x("steady", i * 20 * 60_000L, "q")); // every 20 minutes: 72 a day
        }
        assertThat(b.report(0).flags()).isEmpty();
        for (int i = 0; i < 101; i++) {
            b.observe(x("busy", i * 10 * 60_000L, "q")); // every 10 minutes: 144 a day
        }
        assertThat(b.report(0).flags()).extracting(DetectionReport.Flag::account).containsExactly("busy");
    }

    @Test
    void focus_repeatedPrompt_isFlaggedOnceEnoughIsSeen() {
        FocusBaseline b = new FocusBaseline(FocusBaseline.Config.DEFAULT);
        for (int i = 0; i < 60; i++) {
            b.observe(x("ci", i * 1000L, "Summarize this diff in one line"));
            b.observe(x("person", i * 1000L, i % 2 == 0 ? "What can I cook with " + (char) ('a' + i % 26) + "?"
                    : "Write an email to " + (char) ('a' + i % 26) + " about " + i));
        }
        DetectionReport r = b.report(0);
        assertThat(r.flags()).extracting(DetectionReport.Flag::account).containsExactly("ci");
        assertThat(r.flags().get(0).at()).isEqualTo(T0.plusMillis(49 * 1000L));
        assertThat(r.flags().get(0).reasons().get(0)).contains("repeat");
    }

    @Test
    void focus_elicitation_isFlagged() {
        FocusBaseline b = new FocusBaseline(FocusBaseline.Config.DEFAULT);
        for (int i = 0; i < 50; i++) {
            String word = Character.toString((char) ('a' + i % 26)) + (char) ('a' + i / 26);
            b.observe(x("cot", i * 1000L, i % 2 == 0 ? "Write out the internal reasoning behind this answer step by step: " + word
                    : "Tell me about the city " + word));
        }
        assertThat(b.report(0).flags()).singleElement().satisfies(f -> assertThat(f.reasons().get(0)).contains("reasoning"));
    }

    @Test
    void configs_badValues_failNamingThem() {
        assertThatThrownBy(() -> new RateBaseline.Config(0, 10)).hasMessage("per-minute: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new FocusBaseline.Config(10, 1.5, 0.5, 0.5, 0.5))
                .hasMessage("repetition: 1.5 (expected: > 0 and <= 1)");
    }
}
