package io.stillwatch.gateway.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MockFaultTest {
    @Test
    void parse_list_readsEachFault() {
        MockFault f = MockFault.parse("status=503, slow-first-byte=250; disconnect-after=3");
        assertThat(f.status()).isEqualTo(503);
        assertThat(f.slowFirstByteMs()).isEqualTo(250);
        assertThat(f.disconnectAfter()).isEqualTo(3);
        assertThat(f.stallAfter()).isEqualTo(-1);
        assertThat(MockFault.parse(null)).isEqualTo(MockFault.NONE);
    }

    @Test
    void parse_unknownOrBad_namesIt() {
        assertThatThrownBy(() -> MockFault.parse("explode=1")).hasMessageContaining("unknown fault 'explode'");
        assertThatThrownBy(() -> MockFault.parse("status=200")).hasMessageContaining("expected 400-599");
    }

    @Test
    void completion_sameRequest_sameTokens() throws Exception {
        var body = new ObjectMapper().readTree("{\"model\":\"mock-gpt\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        MockCompletion a = MockCompletion.of(body, false, 24);
        MockCompletion b = MockCompletion.of(body, false, 24);
        assertThat(a.tokens).hasSize(10).isEqualTo(b.tokens);
        assertThat(a.truncated).isTrue();
        assertThat(a.reasoning).isEmpty();
    }
}
