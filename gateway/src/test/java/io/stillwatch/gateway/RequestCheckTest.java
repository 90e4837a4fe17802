package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestCheckTest {
    private static RequestCheck.Result check(Endpoint e, String body) {
        return RequestCheck.check(e, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void check_validOpenAiStream_okWithModelAndStream() {
        var r = check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");
        assertThat(r.ok()).isTrue();
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.stream()).isTrue();
    }

    @Test
    void check_wrongTypes_failNamingTheField() {
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":1,\"messages\":[]}").param()).isEqualTo("model");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":{}}").param()).isEqualTo("messages");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[],\"stream\":\"yes\"}").param())
                .isEqualTo("stream");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[],\"n\":1.5}").param()).isEqualTo("n");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[],\"temperature\":\"hot\"}").param())
                .isEqualTo("temperature");
        assertThat(check(Endpoint.ANTHROPIC_MESSAGES, "{\"model\":\"m\",\"messages\":[]}").param()).isEqualTo("max_tokens");
    }

    @Test
    void check_wrongTypes_keepBodyForTheLog() {
        var r = check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[],\"n\":\"x\"}");
        assertThat(r.ok()).isFalse();
        assertThat(r.body()).isNotNull();
        assertThat(r.model()).isEqualTo("m");
    }

    @Test
    void check_notJsonOrNotObjectOrDuplicateKey_fails() {
        assertThat(check(Endpoint.OPENAI_CHAT, "{").error()).contains("not valid JSON");
        assertThat(check(Endpoint.OPENAI_CHAT, "[1]").error()).contains("JSON object");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"a\",\"model\":\"b\",\"messages\":[]}").error())
                .contains("not valid JSON");
    }

    @Test
    void check_invalidUtf8_fails() {
        byte[] body = {'{', '"', 'm', '"', ':', '"', (byte) 0xFF, '"', '}'};
        assertThat(RequestCheck.check(Endpoint.OPENAI_CHAT, body).error()).contains("UTF-8");
    }
}
