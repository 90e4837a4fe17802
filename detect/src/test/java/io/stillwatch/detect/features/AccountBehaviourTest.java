package io.stillwatch.detect.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.detect.fingerprint.Capability;
import io.stillwatch.detect.fingerprint.PromptFingerprint;
import org.junit.jupiter.api.Test;

class AccountBehaviourTest {
    private static final long HOUR = 3_600_000L;

    private static PromptFingerprint fp(long template, boolean single, boolean elicit, Capability cap) {
        return new PromptFingerprint(template, null, 0, null, 0, cap, elicit, false, single ? 1 : 3, !single, 100);
    }

    @Test
    void observe_harvestingThenOrdinary_windowForgetsTheOldShare() {
        AccountBehaviour b = new AccountBehaviour();
        long t = 0;
        for (int i = 0; i < 200; i++) {
            b.observe(t += HOUR / 4, fp(7, true, true, Capability.REASONING), true, 10, 100, 0, false, 3);
        }
        assertThat(b.elicitationShare()).isGreaterThan(0.99);
        for (int i = 0; i < 200; i++) {
            b.observe(t += HOUR, fp(0, false, false, Capability.OTHER), false, 10, 100, 0, false, 3);
        }
        assertThat(b.elicitationShare()).isLessThan(0.25);
        assertThat(b.focus()).isEqualTo(Capability.OTHER);
        assertThat(b.exchanges()).isEqualTo(400);
    }

    @Test
    void observe_roundTheClockRegularTraffic_allHoursAndLowVariation() {
        AccountBehaviour b = new AccountBehaviour();
        for (int i = 0; i < 24 * 7; i++) {
            b.observe(i * HOUR, fp(1, true, false, Capability.CODING), true, 1, 1, 0, false, 3);
        }
        assertThat(b.activeHours()).isEqualTo(24);
        assertThat(b.interArrivalCv()).isLessThan(0.05);
    }

    @Test
    void observe_manyTemplates_stateStaysFixedAndTopShareFalls() {
        AccountBehaviour b = new AccountBehaviour();
        for (int i = 0; i < 10_000; i++) {
            b.observe(i * 1000L, fp(1 + i % 50, true, false, Capability.CODING), true, 1, 1, 0, false, 3);
        }
        assertThat(b.topTemplateShare()).isLessThan(0.3);
        AccountBehaviour one = new AccountBehaviour();
        for (int i = 0; i < 100; i++) {
            one.observe(i * 1000L, fp(5, true, false, Capability.CODING), true, 1, 1, 0, false, 3);
        }
        assertThat(one.topTemplateShare()).isEqualTo(1.0);
    }

    @Test
    void harvestShareShrunk_fewExchanges_staysNearPrior() {
        AccountBehaviour b = new AccountBehaviour();
        b.observe(1000, fp(1, true, true, Capability.REASONING), true, 1, 1, 0, false, 3);
        assertThat(b.harvestShare()).isEqualTo(1.0);
        assertThat(b.harvestShareShrunk(0.1, 10)).isLessThan(0.2);
    }
}
