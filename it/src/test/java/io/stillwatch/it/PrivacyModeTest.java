package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import io.stillwatch.model.ExchangeRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With privacy on, the exchange log keeps the prompt fingerprint and no prompt text. */
class PrivacyModeTest {
    @Test
    void create_privacyOn_logsFingerprintNotRequest(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(dir, b -> b.privacy(true))) {
            var client = AnthropicOkHttpClient.builder().apiKey(h.secret).baseUrl(h.baseUrl()).maxRetries(0).build();
            client.messages().create(MessageCreateParams.builder().model("mock-claude").maxTokens(32)
                    .system("You are a strict grader.").addUserMessage("Grade this secret essay").build());
            List<ExchangeRecord> all = h.exchanges();
            assertThat(all).hasSize(1);
            ExchangeRecord x = all.get(0);
            assertThat(x.request()).isNull();
            assertThat(x.fingerprint().path("v").asInt()).isEqualTo(1);
            assertThat(x.fingerprint().path("system").asText()).hasSize(16);
            assertThat(x.fingerprint().path("user")).hasSize(1);
            assertThat(x.fingerprint().path("max_tokens").asInt()).isEqualTo(32);
            assertThat(x.fingerprint().toString()).doesNotContain("essay").doesNotContain("grader");
            assertThat(x.usage().outputTokens()).isPositive();
            assertThat(x.response().text()).as("no answer text either").isNull();
            assertThat(x.response().stopReason()).isEqualTo("end_turn");
        }
    }
}
