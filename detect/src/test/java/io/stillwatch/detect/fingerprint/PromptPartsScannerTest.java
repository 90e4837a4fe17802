package io.stillwatch.detect.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwatch.model.codec.JsonScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request reader's scanner path against its parser path: the same {@link PromptParts} for every body
 * it accepts, written any way JSON allows (white space, escapes, surrogate pairs, repeated and unknown keys),
 * and it accepts the common shapes.
 */
class PromptPartsScannerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    private final PromptPartsReader parsing = new PromptPartsReader();
    private final PromptPartsReader scanning = new PromptPartsReader();
    private final JsonScanner in = new JsonScanner();

    private PromptParts parsed(String body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body.getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            return parsing.read(p);
        }
    }

    /** The scanner's parts, or null when it declines. */
    private PromptParts scanned(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        in.reset(b, 0, b.length);
        try {
            PromptParts parts = scanning.read(in);
            in.expectEnd();
            return parts;
        } catch (JsonScanner.Declined e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"messages\":null,\"tools\":[],\"system\":null}",
        "{\"messages\":\"hi\",\"tools\":{\"a\":1},\"system\":{\"text\":\"x\"}}",
        "{\"messages\":[1,\"s\",null,[],{\"role\":\"user\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"content\":\"b\",\"role\":\"system\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}",
        "{\"system\":\"one\",\"system\":\"two\",\"messages\":[{\"role\":\"developer\",\"content\":\"three\"}]}",
        "{\"messages\":[{\"role\":5,\"content\":\"x\"},{\"role\":{\"a\":\"user\"},\"content\":\"y\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"type\":\"text\",\"text\":\"t\"}]}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":null},{\"text\":{\"a\":1}},{\"text\":[1]},"
                + "{\"type\":\"tool_result\"},12345678901234567890,\"s\\u00e9\\ud83d\\ude00\"]}]}",
        "{\"tools\":[1,null,\"s\",[],{},{\"function\":null},{\"function\":{\"name\":null,\"parameters\":null}},"
                + "{\"name\":\"n\",\"parameters\":{\"properties\":{\"b\":1,\"a\":2,\"b\":3}},\"input_schema\":{\"properties\":{\"z\":1}}},"
                + "{\"name\":null,\"input_schema\":{\"properties\":[\"q\"]}},{\"name\":\"m\",\"input_schema\":{\"properties\":{\"q\":1},\"properties\":{\"r\":1}}},"
                + "{\"function\":{\"name\":\"f\"},\"name\":\"outer\",\"parameters\":{\"properties\":{\"o\":1,\"\u00e9t\u00e9\":2}}}]}",
        "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":null},{\"role\":\"user\",\"content\":{\"text\":\"obj\"}}]}",
        " { \"messages\" : [ { \"role\" : \"us\\u0065r\" , \"content\" : [ \"a\\tb\" , { \"text\" : \"\\\"q\\\"\" } ] } ] } "
    })
    void oddShapes_acceptedAndReadAsTheParserReadsThem(String body) throws IOException {
        assertThat(scanned(body)).isEqualTo(parsed(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"messages\":{\"x\":{\"role\":\"user\",\"content\":\"via object\"}}}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":7}]}]}",
        "{\"tools\":[{\"function\":{\"name\":7}}]}",
        "{\"messages\":[{\"r\\u006fle\":\"user\",\"content\":\"x\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},]}"
    })
    void rareOrBrokenShapes_declined(String body) {
        assertThat(scanned(body)).isNull();
    }

    @Test
    void toolsArraysAlike_inTheirFirstBytes_eachReadForItself() throws IOException {
        String description = "d".repeat(400); // past the bytes the cache of tools arrays is keyed by
        String[] bodies = new String[4];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = "{\"tools\":[{\"name\":\"t\",\"description\":\"" + description + "\",\"input_schema\":"
                    + "{\"properties\":{\"p" + i + "\":{}}}}" + (i == 3 ? ",{\"name\":\"u\"}" : "") + "]}";
        }
        for (int round = 0; round < 3; round++) {
            for (String body : bodies) {
                PromptParts parts = scanned(body);
                assertThat(parts).isEqualTo(parsed(body));
                assertThat(parts.tools()).isNotZero();
            }
        }
        assertThat(scanned(bodies[0]).tools()).isNotEqualTo(scanned(bodies[1]).tools());
        // the same array again, now followed by what is not JSON: still declined
        assertThat(scanned(bodies[0].replace("]}", "]x}"))).isNull();
    }

    @Test
    void randomBodies_writtenAnyWay_sameParts() throws IOException {
        SplittableRandom rng = new SplittableRandom(11);
        int accepted = 0;
        int n = 5000;
        for (int i = 0; i < n; i++) {
            JsonNode tree = JSON.readTree(PromptPartsReaderTest.randomBody(rng));
            StringBuilder body = new StringBuilder();
            write(tree, body, rng, rng.nextInt(4) == 0 ? 0.3 : 0.02);
            String text = body.toString();
            PromptParts viaScanner = scanned(text);
            if (viaScanner != null) {
                assertThat(viaScanner).as(text).isEqualTo(parsed(text));
                accepted++;
            }
        }
        assertThat(accepted).isGreaterThan(n * 9 / 10);
    }

    /**
     * Writes a tree with random white space, escapes, unicode added to strings, unknown keys and repeated
     * keys (an earlier value, then the tree's, which the reader must take as the last).
     */
    private static void write(JsonNode node, StringBuilder out, SplittableRandom rng, double perturb) {
        if (rng.nextDouble() < perturb) {
            out.append(" \t\r".charAt(rng.nextInt(3)));
        }
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (rng.nextDouble() < perturb) { // an earlier value under the same key, or an unknown key
                    first = field(rng.nextBoolean() ? e.getKey() : "x" + rng.nextInt(9), junk(rng), first, out, rng, 0);
                }
                first = field(e.getKey(), e.getValue(), first, out, rng, perturb);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out, rng, perturb);
            }
            out.append(']');
        } else if (node.isTextual()) {
            String extra = rng.nextDouble() < perturb ? "\u00e9\u4e16\ud83d\ude00\n\"" : "";
            if (rng.nextInt(50) == 0) {
                extra += extra.repeat(100) + "x".repeat(rng.nextInt(1000)); // past the scanner's first buffer
            }
            string(node.asText() + extra, out, rng, perturb);
        } else {
            out.append(node);
        }
        if (rng.nextDouble() < perturb) {
            out.append(' ');
        }
    }

    private static boolean field(String key, JsonNode value, boolean first, StringBuilder out, SplittableRandom rng,
                                 double perturb) {
        if (!first) {
            out.append(',');
        }
        string(key, out, rng, 0);
        out.append(':');
        write(value, out, rng, perturb);
        return false;
    }

    private static JsonNode junk(SplittableRandom rng) {
        return switch (rng.nextInt(5)) {
            case 0 -> JSON.getNodeFactory().nullNode();
            case 1 -> JSON.getNodeFactory().numberNode(rng.nextInt(100) / 8.0);
            case 2 -> JSON.getNodeFactory().textNode("junk");
            case 3 -> JSON.createArrayNode().add("a").add(JSON.createObjectNode().put("role", "user"));
            default -> JSON.createObjectNode().put("role", "assistant").put("text", "t");
        };
    }

    private static void string(String s, StringBuilder out, SplittableRandom rng, double perturb) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || rng.nextDouble() < perturb) {
                out.append(String.format(rng.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
