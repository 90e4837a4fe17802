package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.stillwatch.model.codec.Rfc3339;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastTimeTest {
    @Test
    void format_anyMillis_matchesTheContractFormatter() {
        FastTime f = new FastTime();
        SplittableRandom rng = new SplittableRandom(7);
        long base = Instant.parse("2026-05-04T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            long t = base + rng.nextLong(200L * 86_400_000L);
            assertThat(f.format(t)).isEqualTo(Rfc3339.format(Instant.ofEpochMilli(t)));
        }
    }

    @Test
    void write_anyMillis_writesTheQuotedContractFormat() {
        FastTime f = new FastTime();
        JsonBytes out = new JsonBytes(32);
        SplittableRandom rng = new SplittableRandom(8);
        long base = Instant.parse("2026-05-04T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 10_000; i++) {
            long t = base + rng.nextLong(200L * 86_400_000L);
            out.setLength(0);
            f.write(t, out);
            assertThat(new String(out.toArray(), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("\"" + Rfc3339.format(Instant.ofEpochMilli(t)) + "\"");
        }
    }
}
