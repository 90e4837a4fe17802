package io.stillwatch.detect.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader must give exactly the parts (and so the fingerprints) the tree gives. */
class PromptPartsReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    private final PromptPartsReader reader = new PromptPartsReader();

    private PromptParts streamed(String body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            PromptParts parts = reader.read(p);
            assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(p.nextToken()).isNull();
            return parts;
        }
    }

    private static PromptParts tree(String body) throws IOException {
        return PromptParts.of(JSON.readTree(body));
    }

    @Test
    void read_openAiBodyWithTools_sameAsTree() throws IOException {
        String body = """
                {"model":"gpt-4.1","messages":[{"role":"system","content":"You solve problems."},
                 {"role":"user","content":"first"},{"role":"assistant","content":"ok","tool_calls":[{"id":"c1"}]},
                 {"role":"tool","content":"42"},{"role":"user","content":"<task>\\nSolve x.\\n</task>"}],
                 "tools":[{"type":"function","function":{"name":"run","description":"d",
                   "parameters":{"type":"object","properties":{"code":{"type":"string"},"timeout":{}}}}}],
                 "temperature":0.3}""";
        PromptParts parts = streamed(body);
        assertThat(parts).isEqualTo(tree(body));
        assertThat(parts.userText()).isEqualTo("<task>\nSolve x.\n</task>\n");
        assertThat(parts.systemText()).isEqualTo("You solve problems.\n");
        assertThat(parts.userTurns()).isEqualTo(2);
        assertThat(parts.assistant()).isTrue();
        assertThat(parts.toolParts()).isTrue();
        assertThat(parts.tools()).isEqualTo(PromptParts.toolsHash(new ArrayList<>(List.of("run(code,timeout)"))));
    }

    @Test
    void read_anthropicBodyWithPartsAndImage_sameAsTree() throws IOException {
        String body = """
                {"model":"claude","max_tokens":10,"system":[{"type":"text","text":"Be brief."},"and kind"],
                 "messages":[{"content":[{"type":"image","source":{"data":"..."}},{"text":"describe","type":"text"}],
                   "role":"user"}],
                 "tools":[{"name":"look","input_schema":{"properties":{"q":{},"a":{}}}}]}""";
        PromptParts parts = streamed(body);
        assertThat(parts).isEqualTo(tree(body));
        assertThat(parts.userText()).isEqualTo("describe\n"); // role after content
        assertThat(parts.systemText()).isEqualTo("Be brief.\nand kind\n");
        assertThat(parts.images()).isTrue();
    }

    /** Odd but valid JSON: each must read as the tree reads it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"messages\":null,\"tools\":[],\"system\":null}",
        "{\"messages\":\"hi\",\"tools\":{\"a\":1},\"system\":{\"text\":\"x\"}}",
        "{\"messages\":[1,\"s\",null,[],{\"role\":\"user\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"content\":\"b\",\"role\":\"system\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}",
        "{\"system\":\"one\",\"system\":\"two\",\"messages\":[{\"role\":\"developer\",\"content\":\"three\"}]}",
        "{\"messages\":{\"x\":{\"role\":\"user\",\"content\":\"via object\"},\"y\":{\"role\":\"assistant\"}}}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":7},{\"text\":1.5e3},{\"text\":null},{\"text\":true},"
                + "{\"text\":{\"a\":1}},{\"text\":[1]},{\"type\":\"tool_result\"},12345678901234567890,{\"text\":-0}]}]}",
        "{\"messages\":[{\"role\":5,\"content\":\"x\"},{\"role\":{\"a\":\"user\"},\"content\":\"y\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"type\":\"text\",\"text\":\"t\"}]}]}",
        "{\"tools\":[1,null,\"s\",[],{},{\"function\":null},{\"function\":{\"name\":7,\"parameters\":null}},"
                + "{\"name\":\"n\",\"parameters\":{\"properties\":{\"b\":1,\"a\":2,\"b\":3}},\"input_schema\":{\"properties\":{\"z\":1}}},"
                + "{\"name\":null,\"input_schema\":{\"properties\":[\"q\"]}},{\"name\":\"m\",\"input_schema\":{\"properties\":{\"q\":1},\"properties\":{\"r\":1}}},"
                + "{\"function\":{\"name\":\"f\"},\"name\":\"outer\",\"parameters\":{\"properties\":{\"o\":1}}}]}",
        "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":null},{\"role\":\"user\",\"content\":{\"text\":\"obj\"}}]}"
    })
    void read_oddShapes_sameAsTree(String body) throws IOException {
        assertThat(streamed(body)).isEqualTo(tree(body));
    }

    @Test
    void fingerprint_randomBodies_streamedAndTreeFingerprintsEqualInSequence() throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        PromptFingerprinter viaTree = PromptFingerprinter.withDefaults();
        PromptFingerprinter viaStream = PromptFingerprinter.withDefaults();
        int withTemplate = 0;
        for (int i = 0; i < 3000; i++) {
            String body = randomBody(rng);
            JsonNode node = JSON.readTree(body);
            PromptFingerprint a = viaTree.fingerprint(node);
            PromptFingerprint b = viaStream.fingerprint(streamed(body));
            assertThat(b.toJson()).as(body).isEqualTo(a.toJson());
            if (a.hasTemplate()) {
                withTemplate++;
            }
        }
        assertThat(withTemplate).as("recurring templates exercised").isGreaterThan(500);
    }

    private static final String[] TEMPLATES = {
        "Solve the following problem step by step. Problem: %s. Give the final answer.",
        "Write a python function that %s. Include unit tests.",
        "Grade the response below on a scale of 1 to 10 using the rubric. Response: %s",
        "Translate to French: %s"};
    private static final String[] WORDS = "alpha beta gamma delta epsilon zeta 42 x7y9 http://a.b/c \"q\" eta".split(" ");

    static String randomBody(SplittableRandom rng) {
        StringBuilder payload = new StringBuilder();
        for (int i = 0, n = 3 + rng.nextInt(12); i < n; i++) {
            payload.append(WORDS[rng.nextInt(WORDS.length)]).append(' ');
        }
        String prompt = String.format(TEMPLATES[rng.nextInt(TEMPLATES.length)], payload.toString().trim());
        var root = JSON.createObjectNode();
        var fields = new ArrayList<Runnable>();
        boolean anthropic = rng.nextBoolean();
        String system = rng.nextInt(3) == 0 ? null : "You are assistant " + rng.nextInt(4) + ". Be precise.";
        fields.add(() -> root.put("model", anthropic ? "claude" : "gpt"));
        fields.add(() -> root.put("temperature", 0.5));
        if (anthropic && system != null) {
            fields.add(() -> root.put("system", system));
        }
        boolean parts = rng.nextBoolean();
        boolean image = rng.nextInt(5) == 0;
        int turns = rng.nextInt(3);
        fields.add(() -> {
            var messages = root.putArray("messages");
            if (!anthropic && system != null) {
                messages.addObject().put("role", rng.nextBoolean() ? "system" : "developer").put("content", system);
            }
            for (int t = 0; t < turns; t++) {
                messages.addObject().put("role", "user").put("content", "earlier " + t);
                messages.addObject().put("content", "reply " + t).put("role", "assistant");
            }
            var last = messages.addObject().put("role", "user");
            if (parts) {
                var content = last.putArray("content");
                content.addObject().put("type", "text").put("text", prompt);
                if (image) {
                    content.addObject().put("type", "image").putObject("source").put("data", "AAAA");
                }
            } else {
                last.put("content", prompt);
            }
        });
        if (rng.nextInt(3) == 0) {
            fields.add(() -> {
                var tools = root.putArray("tools");
                var tool = tools.addObject();
                var fn = anthropic ? tool : tool.put("type", "function").putObject("function");
                fn.put("name", "tool" + rng.nextInt(3)).put("description", "does things");
                var props = fn.putObject(anthropic ? "input_schema" : "parameters").putObject("properties");
                for (int k = 0, n = 1 + rng.nextInt(3); k < n; k++) {
                    props.putObject("p" + rng.nextInt(5)).put("type", "string");
                }
            });
        }
        // key order varies, as clients write it
        for (int i = fields.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Runnable f = fields.get(i);
            fields.set(i, fields.get(j));
            fields.set(j, f);
        }
        fields.forEach(Runnable::run);
        return root.toString();
    }
}
