package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PromptFingerprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode body(String system, String user) throws Exception {
        return (ObjectNode) JSON.readTree("{\"model\":\"m\",\"temperature\":0.2,\"messages\":[{\"role\":\"system\",\"content\":"
                + JSON.writeValueAsString(system) + "},{\"role\":\"user\",\"content\":" + JSON.writeValueAsString(user) + "}]}");
    }

    @Test
    void of_sameTextModuloCaseAndSpacing_sameHashes() throws Exception {
        ObjectNode a = PromptFingerprint.of(body("You are  a grader.", "Grade THIS answer"));
        ObjectNode b = PromptFingerprint.of(body("you are a grader.", "grade this\n answer"));
        assertThat(a.path("system")).isEqualTo(b.path("system"));
        assertThat(a.path("user")).isEqualTo(b.path("user"));
        assertThat(a.path("v").asInt()).isEqualTo(PromptFingerprint.VERSION);
        assertThat(a.path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void of_differentUserText_differentHashAndNoText() throws Exception {
        ObjectNode a = PromptFingerprint.of(body("s", "first question"));
        ObjectNode b = PromptFingerprint.of(body("s", "second question"));
        assertThat(a.path("user")).isNotEqualTo(b.path("user"));
        assertThat(a.toString()).doesNotContain("question");
        assertThat(a.path("turns").asInt()).isEqualTo(2);
    }
}
