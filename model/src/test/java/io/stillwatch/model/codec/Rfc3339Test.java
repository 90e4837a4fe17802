package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /** The written form as it was before the positional writer: DateTimeFormatter. */
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void format_randomInstantsAcrossAllYears_sameTextAsDateTimeFormatter() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            // years -2000 to 12000: before year 0 and past 9999 the formatter's own layout (sign, 5 digits) applies
            Instant t = Instant.ofEpochSecond(rng.nextLong(-125_000_000_000L, 317_000_000_000L), rng.nextInt(1_000_000_000));
            assertThat(Rfc3339.format(t)).as("%s", t).isEqualTo(REFERENCE.format(t));
        }
    }

    @Test
    void format_dayAndYearBoundariesAndLeapDays_sameTextAsDateTimeFormatter() {
        List<Instant> edges = new ArrayList<>();
        for (int year : new int[] {0, 1, 1899, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2025, 2026, 2028, 2100, 2400, 9999}) {
            for (LocalDate d : new LocalDate[] {LocalDate.of(year, 1, 1), LocalDate.of(year, 2, 28), LocalDate.of(year, 3, 1),
                LocalDate.of(year, 12, 31), Year.isLeap(year) ? LocalDate.of(year, 2, 29) : LocalDate.of(year, 6, 30)}) {
                Instant midnight = d.atStartOfDay(ZoneOffset.UTC).toInstant();
                for (long nanos : new long[] {-1_000_000, -1, 0, 1, 999_999, 1_000_000, 86_399_999_999_999L}) {
                    edges.add(midnight.plusNanos(nanos));
                }
            }
        }
        edges.add(Instant.EPOCH.minusNanos(1));
        edges.add(Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1));
        for (Instant t : edges) { // in order and shuffled order, so the cached day changes every way
            assertThat(Rfc3339.format(t)).as("%s", t).isEqualTo(REFERENCE.format(t));
        }
        Collections.shuffle(edges, new java.util.Random(5));
        for (Instant t : edges) {
            assertThat(Rfc3339.format(t)).as("%s", t).isEqualTo(REFERENCE.format(t));
        }
        assertThat(Rfc3339.format(Instant.parse("2026-04-22T10:00:00.123987Z"))).isEqualTo("2026-04-22T10:00:00.123Z");
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
