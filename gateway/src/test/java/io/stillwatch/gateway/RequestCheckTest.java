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

    @Test
    void check_strictOneLineBody_isLoggedAsTheClientsBytes() throws Exception {
        String body = "{\"model\":\"m\", \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.50}";
        var r = check(Endpoint.OPENAI_CHAT, " " + body + " ");
        assertThat(r.ok()).isTrue();
        assertThat(r.body().copyable()).isTrue();
        assertThat(RequestCheck.JSON.writeValueAsString(r.body().forLog())).isEqualTo(body);
        assertThat(r.body().tree().path("temperature").decimalValue()).isEqualByComparingTo("0.5");
    }

    @Test
    void check_bodyWithLineBreakOrTrailingDecimalPoint_isLoggedAsItsTree() throws Exception {
        var multiLine = check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\n\"messages\":[]}");
        assertThat(multiLine.ok()).isTrue();
        assertThat(multiLine.body().copyable()).isFalse();
        assertThat(RequestCheck.JSON.writeValueAsString(multiLine.body().forLog()))
                .isEqualTo("{\"model\":\"m\",\"messages\":[]}");
        var lenient = check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[],\"temperature\":1.}");
        assertThat(lenient.ok()).isTrue();
        assertThat(lenient.body().copyable()).isFalse();
        assertThat(RequestCheck.JSON.writeValueAsString(lenient.body().forLog())).doesNotContain("1.}");
    }

    @Test
    void check_contentAfterTheObject_fails() {
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[]} {}").error()).contains("not valid JSON");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[]}\n").ok()).isTrue();
    }

    @Test
    void check_reportsTheFirstBadFieldInTheDocumentedOrder() {
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"messages\":[1,{}]}").param()).isEqualTo("model");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\" \",\"messages\":[]}").error()).contains("non-empty");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[{},2,\"x\"]}").param())
                .isEqualTo("messages[1]");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"n\":2.5,\"model\":\"m\",\"messages\":[],\"max_tokens\":9999999999}")
                .param()).isEqualTo("max_tokens");
        assertThat(check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[],\"max_tokens\":null,\"top_p\":true}")
                .param()).isEqualTo("top_p");
        assertThat(check(Endpoint.ANTHROPIC_MESSAGES, "{\"model\":\"m\",\"messages\":[],\"max_tokens\":5,\"system\":1}")
                .param()).isEqualTo("system");
        assertThat(check(Endpoint.ANTHROPIC_MESSAGES, "{\"model\":\"m\",\"messages\":[],\"max_tokens\":null}")
                .param()).isEqualTo("max_tokens");
        var nested = check(Endpoint.OPENAI_CHAT, "{\"model\":\"m\",\"messages\":[{\"stream\":\"x\",\"model\":1}],\"stream\":false}");
        assertThat(nested.ok()).isTrue();
        assertThat(nested.model()).isEqualTo("m");
        assertThat(nested.stream()).isFalse();
    }
}
