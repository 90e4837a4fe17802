package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwatch.model.ExchangeSummary;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.model.codec.RandomJson.Raw;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The summaries' scanner path against their parser path: over many generated lines, in any field order,
 * with escapes, unknown fields, nulls and broken ones, both give the same summary or the same error, with
 * file and line; and the scanner takes most well-formed lines (else it would prove nothing).
 */
class ExchangeSummaryScannerTest {
    private static final RequestReader<JsonNode> TREE = Fields::tree;
    private static final String[] ACTIONS = {"allow", "throttle", "challenge", "block", "withhold_reasoning",
            "deny_policy", "deny_limit"};

    private final Random rnd = new Random(20261129);

    /** The same decoder with its scanner path switched off: every line through the parser, as before. */
    private static <T> LineDecoder<T> parserOnly(LineDecoder<T> d) {
        return d::decode;
    }

    /** What reading the lines gives: the summaries and skipped lines' messages, in order. */
    private static List<Object> readAll(byte[] file, LineDecoder<ExchangeSummary<JsonNode>> decoder) throws Exception {
        List<Object> out = new ArrayList<>();
        try (JsonLinesReader<ExchangeSummary<JsonNode>> r = JsonLinesReader.of(new ByteArrayInputStream(file),
                "gen.jsonl", false, decoder, OnMalformed.SKIP)) {
            r.onSkip(e -> out.add(e.getMessage()));
            ExchangeSummary<JsonNode> x;
            while ((x = r.next()) != null) {
                out.add(x);
            }
        }
        return out;
    }

    @Test
    void generatedLines_scannerAndParserGiveTheSameSummariesAndErrors() throws Exception {
        int lines = 20_000;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LineDecoder<ExchangeSummary<JsonNode>> scanning = ExchangeLogCodec.summaries(TREE);
        int wellFormed = 0, scanned = 0;
        for (int i = 0; i < lines; i++) {
            boolean broken = rnd.nextInt(3) == 0;
            byte[] line = line(broken);
            ExchangeSummary<JsonNode> viaScanner = scanning.decode(line, 0, line.length);
            ExchangeSummary<JsonNode> viaParser = parse(line);
            if (viaScanner != null) {
                assertThat(viaScanner).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(viaParser);
                scanned++;
            }
            if (viaParser != null && !broken) {
                wellFormed++;
            }
            if (new String(line, StandardCharsets.ISO_8859_1).indexOf('\n') >= 0) {
                throw new AssertionError("newline in " + new String(line, StandardCharsets.UTF_8));
            }
            file.write(line);
            file.write('\n');
        }
        byte[] all = file.toByteArray();
        List<Object> fast = readAll(all, ExchangeLogCodec.summaries(TREE));
        List<Object> slow = readAll(all, parserOnly(ExchangeLogCodec.summaries(TREE)));
        assertThat(fast).isEqualTo(slow);
        assertThat(fast).hasSize(lines);
        assertThat(slow.stream().filter(String.class::isInstance).count()).isGreaterThan(lines / 10);
        // it declines escaped field names, which the generator writes often (every field name may be escaped)
        assertThat(scanned).as("lines the scanner took").isGreaterThan(wellFormed / 2);
    }

    @Test
    void malformedLines_reportedWithFileLineAndProblemAsBefore() throws Exception {
        String ok = new String(baseLine(new RandomJson(rnd, 0)), StandardCharsets.UTF_8);
        String[] lines = {ok, ok.replace("\"v\":1", "\"v\":2"), ok.substring(0, ok.length() - 1), ok + " x", "",
                ok.replace("\"status\":", "\"status\":1e2,\"s\":"), "[1]", ok.replace("\"ts\":\"", "\"ts\":\"x"),
                ok.replace("\"model\":", "\"model\":null,\"m\":"), ok};
        byte[] file = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        List<Object> fast = readAll(file, ExchangeLogCodec.summaries(TREE));
        assertThat(fast).isEqualTo(readAll(file, parserOnly(ExchangeLogCodec.summaries(TREE))));
        assertThat(fast.get(1)).isEqualTo("gen.jsonl:2: field 'v': 2 (expected 1)");
        assertThat(fast.get(4)).isEqualTo("gen.jsonl:5: blank line (expected one JSON object per line)");
        assertThat(fast.subList(1, 9)).allMatch(String.class::isInstance);
        assertThat(fast.get(9)).isEqualTo(fast.get(0)).isInstanceOf(ExchangeSummary.class);
    }

    @Test
    void internedFields_sameInstanceForTheSameBytes() throws Exception {
        byte[] line = ("{\"v\":1,\"id\":\"x\",\"ts\":\"2026-06-01T01:00:00.000Z\",\"account\":\"a\",\"key\":\"k\","
                + "\"ip\":\"10.0.0.1\",\"api\":\"anthropic.messages\",\"model\":\"m\",\"request\":{},\"status\":200}")
                .getBytes(StandardCharsets.UTF_8);
        LineDecoder<ExchangeSummary<JsonNode>> d = ExchangeLogCodec.summaries(TREE);
        ExchangeSummary<JsonNode> a = d.decode(line, 0, line.length);
        ExchangeSummary<JsonNode> b = d.decode(line.clone(), 0, line.length);
        assertThat(b.account()).isSameAs(a.account());
        assertThat(b.ip()).isSameAs(a.ip());
        assertThat(b.model()).isSameAs(a.model());
        assertThat(b.id()).isEqualTo(a.id()).isNotSameAs(a.id());
    }

    private ExchangeSummary<JsonNode> parse(byte[] line) throws Exception {
        try (JsonLinesReader<ExchangeSummary<JsonNode>> r = JsonLinesReader.of(new ByteArrayInputStream(line),
                "one", false, parserOnly(ExchangeLogCodec.summaries(TREE)), OnMalformed.STOP)) {
            return r.next();
        } catch (MalformedLineException e) {
            return null;
        }
    }

    private byte[] baseLine(RandomJson json) {
        return json.write(fields(json, false)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] line(boolean broken) {
        RandomJson json = new RandomJson(rnd, rnd.nextInt(4) == 0 ? 0.3 : 0.02);
        Map<String, Object> fields = fields(json, true);
        if (broken) {
            breakContract(fields, json);
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>(fields.entrySet());
        Collections.shuffle(entries, rnd);
        StringBuilder out = new StringBuilder();
        // written by hand so that keys may repeat
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String key = entries.get(i).getKey();
            if (key.startsWith("dup:")) {
                key = key.substring(4);
            }
            if (key.matches("[a-z]{1,3}") && rnd.nextInt(30) == 0) { // "v", "id", "ts", "ip", "ua", "key", "api"
                out.append("\"\\u").append(String.format("%04x", (int) key.charAt(0))).append(key.substring(1))
                        .append('"');
            } else {
                json.key(key, out);
            }
            out.append(':');
            json.write(entries.get(i).getValue(), out);
        }
        out.append('}');
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        return broken && rnd.nextInt(3) == 0 ? breakBytes(bytes) : bytes;
    }

    private Map<String, Object> fields(RandomJson json, boolean vary) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("v", 1L);
        f.put("id", "ex_" + json.text(vary ? rnd.nextInt(20) == 0 ? 1000 : 10 : 0) + rnd.nextInt(1000));
        f.put("ts", vary && rnd.nextInt(10) == 0
                ? List.of("2026-06-01T10:00:00Z", "2026-06-01T12:00:00.5+02:00", "2026-06-01t10:00:00.123z",
                "2026-02-29T10:00:00.000Z", "2026-06-01T10:00:60.000Z").get(rnd.nextInt(5))
                : String.format("2026-06-%02dT%02d:%02d:%02d.%03dZ", 1 + rnd.nextInt(28), rnd.nextInt(24),
                rnd.nextInt(60), rnd.nextInt(60), rnd.nextInt(1000)));
        f.put("account", "acct_" + rnd.nextInt(50) + (vary && rnd.nextInt(10) == 0 ? json.text(3) : ""));
        f.put("key", "key_" + rnd.nextInt(99));
        f.put("ip", rnd.nextInt(256) + ".0.0." + rnd.nextInt(3));
        optional(f, "ua", vary, () -> json.text(20));
        f.put("api", rnd.nextBoolean() ? "openai.chat.completions" : "anthropic.messages");
        f.put("model", List.of("gpt-4.1", "claude-haiku-4-5", "m\u00e9", "o3").get(rnd.nextInt(4)));
        optional(f, "stream", vary, rnd::nextBoolean);
        boolean fingerprintOnly = vary && rnd.nextInt(10) == 0;
        if (!fingerprintOnly) {
            f.put("request", request(json));
        }
        if (fingerprintOnly || vary && rnd.nextInt(10) == 0) {
            Map<String, Object> fingerprint = new LinkedHashMap<>();
            fingerprint.put("v", 1L);
            fingerprint.put("sig", json.anyValue(2));
            f.put("fingerprint", fingerprint);
        }
        optional(f, "response", vary, () -> response(json));
        optional(f, "usage", vary, () -> usage(json));
        f.put("status", List.of(200L, 200L, 429L, 500L, 100L, 599L).get(rnd.nextInt(6)));
        optional(f, "latency_ms", vary, () -> (long) rnd.nextInt(100_000));
        optional(f, "action", vary, () -> ACTIONS[rnd.nextInt(ACTIONS.length)]);
        if (vary) {
            int unknown = rnd.nextInt(4);
            for (int i = 0; i < unknown; i++) {
                f.put("x_" + json.name(5), json.anyValue(3));
            }
        }
        return f;
    }

    /** An optional field: absent, null or a value. */
    private void optional(Map<String, Object> f, String name, boolean vary, java.util.function.Supplier<Object> value) {
        int k = vary ? rnd.nextInt(6) : 5;
        if (k == 0) {
            f.put(name, null);
        } else if (k > 1) {
            f.put(name, value.get());
        }
    }

    private Map<String, Object> request(RandomJson json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", "gpt-4.1");
        List<Object> messages = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", i % 2 == 0 ? "user" : "assistant");
            m.put("content", rnd.nextBoolean() ? json.text(60)
                    : java.util.Arrays.asList(Map.of("type", "text", "text", json.text(30)), json.anyValue(2)));
            messages.add(m);
        }
        r.put("messages", messages);
        r.put("temperature", new Raw(List.of("0.3", "1", "0.0", "1E-1").get(rnd.nextInt(4))));
        r.put("metadata", json.anyValue(3));
        return r;
    }

    private Map<String, Object> response(RandomJson json) {
        Map<String, Object> r = new LinkedHashMap<>();
        optional(r, "text", true, () -> json.text(30));
        optional(r, "reasoning_chars", true, () -> (long) rnd.nextInt(10_000));
        optional(r, "stop_reason", true, () -> "end_turn");
        optional(r, "other", true, () -> json.anyValue(2));
        return r;
    }

    private Map<String, Object> usage(RandomJson json) {
        Map<String, Object> u = new LinkedHashMap<>();
        optional(u, "input_tokens", true, () -> (long) rnd.nextInt(100_000));
        optional(u, "output_tokens", true, () -> (long) rnd.nextInt(100_000));
        optional(u, "reasoning_tokens", true, () -> (long) rnd.nextInt(100_000));
        optional(u, "cached", true, () -> json.anyValue(1));
        return u;
    }

    /** One change that the contract or the JSON grammar may reject (or, for some, still accept). */
    private void breakContract(Map<String, Object> f, RandomJson json) {
        List<String> names = new ArrayList<>(f.keySet());
        String name = names.get(rnd.nextInt(names.size()));
        switch (rnd.nextInt(12)) {
            case 0 -> f.remove(name);
            case 1 -> f.put(name, null);
            case 2 -> f.put(name, json.anyValue(1));
            case 3 -> f.put("dup:" + name, f.get(name));
            case 4 -> f.put("dup:" + name, json.anyValue(1));
            case 5 -> f.put("v", new Raw(List.of("2", "1.0", "1e0", "01", "-1", "99999999999").get(rnd.nextInt(6))));
            case 6 -> f.put("status", new Raw(List.of("99", "600", "200.0", "2e2", "-200", "0200").get(rnd.nextInt(6))));
            case 7 -> f.put("ts", List.of("2026-06-31T10:00:00.000Z", "yesterday", "2026-06-01 10:00:00").get(rnd.nextInt(3)));
            case 8 -> f.put("action", List.of("ALLOW", "nothing", "").get(rnd.nextInt(3)));
            case 9 -> f.put("latency_ms", new Raw(List.of("-1", "1.5", "123456789012345678901").get(rnd.nextInt(3))));
            case 10 -> f.put("usage", new Raw(List.of("{\"input_tokens\":1.5}", "[]", "{\"output_tokens\":-0}",
                    "{\"input_tokens\":12345678901234567890}").get(rnd.nextInt(4))));
            default -> f.put(name, new Raw(List.of("tru", "nul", "[1,]", "{\"a\":1,}", "-", ".5", "1.", "\"a\u0001b\"",
                    "\"\\x\"", "\"\\u12\"", "NaN", "'s'", "{\"a\" 1}", "[1 2]", "{a:1}").get(rnd.nextInt(15))));
        }
    }

    /** Byte-level damage: truncation, a byte dropped or changed, bytes that are not UTF-8, a BOM, trailing text. */
    private byte[] breakBytes(byte[] b) {
        int at = rnd.nextInt(b.length);
        return switch (rnd.nextInt(7)) {
            case 0 -> java.util.Arrays.copyOf(b, at);
            case 1 -> concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, at + 1, b.length));
            case 2 -> {
                byte[] c = b.clone();
                int[] bad = {0xC0, 0xFF, 0x80, 0xED, 0xE0, 0xF5, '"', '\\', '{', 0, '\t'};
                c[at] = (byte) bad[rnd.nextInt(bad.length)];
                yield c;
            }
            case 3 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b);
            case 4 -> concat(b, " {}".getBytes(StandardCharsets.UTF_8));
            case 5 -> concat(b, "  \t".getBytes(StandardCharsets.UTF_8));
            default -> concat(b, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
