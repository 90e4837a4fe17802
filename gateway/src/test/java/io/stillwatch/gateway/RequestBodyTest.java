package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi {\\\"x\\\":1}\"}]";

    private static RequestBody body(String json) {
        RequestCheck.Result r = RequestCheck.check(Endpoint.OPENAI_CHAT, json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.ok()).as(r.error()).isTrue();
        return r.body();
    }

    private static JsonNode parse(byte[] bytes) throws Exception {
        return RequestCheck.JSON.readTree(bytes);
    }

    /** The client's request as a tree with {@code stream_options.include_usage} set to true. */
    private static JsonNode expected(String json) throws Exception {
        ObjectNode tree = (ObjectNode) RequestCheck.JSON.readTree(json);
        JsonNode so = tree.get("stream_options");
        (so instanceof ObjectNode o ? o : tree.putObject("stream_options")).put("include_usage", true);
        return tree;
    }

    @Test
    void withUsageRequested_noStreamOptions_memberPutFirstIntoClientBytes() throws Exception {
        String json = "  \t{\"model\":\"m\",\"stream\":true," + MESSAGES + ",\"temperature\":0.50}\n";
        byte[] out = body(json).withUsageRequested();
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("  \t{\"stream_options\":{\"include_usage\":true},"
                + "\"model\":\"m\",\"stream\":true," + MESSAGES + ",\"temperature\":0.50}\n");
        assertThat(parse(out)).isEqualTo(expected(json));
        // still one valid request: the gateway's own check accepts it (no duplicate key)
        assertThat(RequestCheck.check(Endpoint.OPENAI_CHAT, out).ok()).isTrue();
    }

    @Test
    void withUsageRequested_streamOptionsWithoutUsage_treeChanged() throws Exception {
        for (String options : new String[] {"{}", "{\"include_usage\":false}", "null", "{\"other\":1}"}) {
            String json = "{\"model\":\"m\",\"stream\":true,\"stream_options\":" + options + "," + MESSAGES + "}";
            byte[] out = body(json).withUsageRequested();
            assertThat(parse(out)).as(options).isEqualTo(expected(json));
            assertThat(RequestCheck.check(Endpoint.OPENAI_CHAT, out).ok()).as(options).isTrue();
        }
    }

    @Test
    void withUsageRequested_clientAskedAlready_null() {
        assertThat(body("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}," + MESSAGES + "}")
                .withUsageRequested()).isNull();
    }
}
