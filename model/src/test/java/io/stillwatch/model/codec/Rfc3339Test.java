package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void parse_contractFormAcrossCenturies_sameInstantAsTheGeneralParser() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(rng.nextLong(-62_000_000_000_000L, 253_000_000_000_000L));
            String text = Rfc3339.format(t);
            assertThat(Rfc3339.parseContractForm(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(t);
            assertThat(Rfc3339.parse(text)).isEqualTo(t);
        }
    }

    @Test
    void parse_leapDayAndLowerCase_readByTheFastPath() {
        assertThat(Rfc3339.parseContractForm("2028-02-29t23:59:59.999z"))
                .isEqualTo(Instant.parse("2028-02-29T23:59:59.999Z"));
    }

    @Test
    void parse_otherRfc3339Forms_leftToTheGeneralParser() {
        assertThat(Rfc3339.parseContractForm("2026-04-22T12:00:00.123+02:00")).isNull();
        assertThat(Rfc3339.parse("2026-04-22T12:00:00.123+02:00")).isEqualTo(Instant.parse("2026-04-22T10:00:00.123Z"));
        assertThat(Rfc3339.parseContractForm("2026-04-22T10:00:00Z")).isNull();
        // end-of-day 24:00 and leap seconds: accepted as java.time accepts them, as before the fast path
        assertThat(Rfc3339.parseContractForm("2026-04-22T24:00:00.000Z")).isNull();
        assertThat(Rfc3339.parse("2026-04-22T24:00:00.000Z")).isEqualTo(Instant.parse("2026-04-23T00:00:00Z"));
        assertThat(Rfc3339.parse("2026-12-31T23:59:60.000Z")).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(Rfc3339.parse("2026-04-22T10:00:00.123456Z")).isEqualTo(Instant.parse("2026-04-22T10:00:00.123456Z"));
    }

    @Test
    void parse_impossibleDatesAndTimes_rejectedQuotingTheValue() {
        for (String bad : new String[] {"2026-02-29T10:00:00.000Z", "2026-04-31T10:00:00.000Z", "2026-13-01T10:00:00.000Z",
            "2026-04-22T10:60:00.000Z", "2026-04-22T10:00:00.0a0Z", "2026-04-22 10:00:00.000Z"}) {
            assertThat(Rfc3339.parseContractForm(bad)).as(bad).isNull();
            assertThatThrownBy(() -> Rfc3339.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }
}
