package io.stillwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "abc XYZ 019 \"\\/\n\r\t\b\f\u0000\u0001\u001f\u007f é ß ñ 中文 日本 \u2028 \ud83d\ude00";

    @Test
    void string_anyText_parsesBackToTheSameText() throws Exception {
        SplittableRandom rng = new SplittableRandom(11);
        JsonBytes out = new JsonBytes(16);
        for (int i = 0; i < 20_000; i++) {
            String s = randomText(rng);
            out.setLength(0);
            out.string(s);
            String json = new String(out.toArray(), StandardCharsets.UTF_8);
            assertThat(JSON.readValue(json, String.class)).as("seed 11, string %d: %s", i, json).isEqualTo(s);
        }
    }

    @Test
    void string_textWithoutControlOrSupplementaryCharacters_isWhatJacksonWrites() throws Exception {
        // Jackson writes those two as backslash-u escapes (upper-case hex, surrogate pairs); both forms are valid JSON
        SplittableRandom rng = new SplittableRandom(12);
        for (int i = 0; i < 5_000; i++) {
            String s = randomText(rng).replaceAll("[\\x00-\\x1f\\x{10000}-\\x{10FFFF}]", "");
            assertThat(JsonBytes.quoted(s)).as(s).isEqualTo(JSON.writeValueAsBytes(s));
        }
    }

    @Test
    void string_loneSurrogate_becomesTheReplacementCharacter() throws Exception {
        String json = new String(JsonBytes.quoted("a\ud83db"), StandardCharsets.UTF_8);
        assertThat(JSON.readValue(json, String.class)).isEqualTo("a\ufffdb");
    }

    @Test
    void number_anyLong_isItsDecimalText() {
        SplittableRandom rng = new SplittableRandom(13);
        JsonBytes out = new JsonBytes(8);
        long[] edges = {0, 1, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int i = 0; i < 10_000 + edges.length; i++) {
            long v = i < edges.length ? edges[i] : rng.nextLong() >> rng.nextInt(64);
            out.setLength(0);
            out.number(v);
            assertThat(new String(out.toArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void hexString_isTheIdFormat() {
        SplittableRandom rng = new SplittableRandom(14);
        JsonBytes out = new JsonBytes(8);
        for (int i = 0; i < 1_000; i++) {
            long v = rng.nextLong();
            out.setLength(0);
            out.hexString(JsonBytes.utf8("ex_"), v, 16);
            assertThat(new String(out.toArray(), StandardCharsets.US_ASCII)).isEqualTo("\"" + Ids.hex("ex_", v, 16) + "\"");
        }
    }

    private static String randomText(SplittableRandom rng) {
        int n = rng.nextInt(rng.nextInt(10) == 0 ? 3000 : 40);
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            int i = rng.nextInt(ALPHABET.length());
            char c = ALPHABET.charAt(i);
            if (Character.isHighSurrogate(c)) {
                sb.append(c).append(ALPHABET.charAt(i + 1));
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
