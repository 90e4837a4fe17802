package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ApiFlavorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void errorBody_openAi401_hasInvalidApiKeyCode() throws Exception {
        JsonNode e = JSON.readTree(ApiFlavor.OPENAI.errorBody(401, "no", null).toString()).path("error");
        assertThat(e.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.has("param")).isTrue();
    }

    @Test
    void errorBody_anthropic401_isAuthenticationError() throws Exception {
        JsonNode root = JSON.readTree(ApiFlavor.ANTHROPIC.errorBody(401, "no", null).toString());
        assertThat(root.path("type").asText()).isEqualTo("error");
        assertThat(root.path("error").path("type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void streamErrorEvent_eachDialect_isItsOwnEventShape() {
        assertThat(ApiFlavor.OPENAI.streamErrorEvent(502, "x").toString()).startsWith("data: {\"error\":").endsWith("\n\n");
        assertThat(ApiFlavor.ANTHROPIC.streamErrorEvent(502, "x").toString())
                .startsWith("event: error\ndata: {\"type\":\"error\"").endsWith("\n\n");
    }
}
