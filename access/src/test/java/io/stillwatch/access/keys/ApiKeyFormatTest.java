package io.stillwatch.access.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {
    private final ApiKeyFormat format = new ApiKeyFormat(new SecureRandom());

    @Test
    void newSecret_always_hasPrefixKeyIdAndTokenCharsOnly() {
        String keyId = format.newKeyId();
        String s = format.newSecret(keyId).reveal();
        assertThat(s).startsWith("sw-" + keyId + "-").hasSize(ApiKeyFormat.KEY_LENGTH);
        // RFC 7235 token68 (Bearer) and a plain header value (x-api-key): no escaping needed
        assertThat(s).matches("[A-Za-z0-9\\-._~+/]+");
        assertThat(ApiKeyFormat.keyIdOf(s)).contains(keyId);
    }

    @Test
    void newSecret_secretPart_carriesAtLeast192Bits() {
        // 52 characters of a 32-letter alphabet = 260 bits
        assertThat(ApiKeyFormat.SECRET_CHARS * 5).isGreaterThanOrEqualTo(192);
        Set<String> seen = new HashSet<>();
        String keyId = format.newKeyId();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(format.newSecret(keyId).reveal())).isTrue();
        }
    }

    @Test
    void keyIdOf_malformed_isEmpty() {
        String good = format.newSecret(format.newKeyId()).reveal();
        assertThat(ApiKeyFormat.keyIdOf(null)).isEmpty();
        assertThat(ApiKeyFormat.keyIdOf("")).isEmpty();
        assertThat(ApiKeyFormat.keyIdOf("sk-proj-abc")).isEmpty();
        assertThat(ApiKeyFormat.keyIdOf(good + "a")).isEmpty();
        assertThat(ApiKeyFormat.keyIdOf(good.substring(1))).isEmpty();
        assertThat(ApiKeyFormat.keyIdOf(good.toUpperCase())).isEmpty();
        assertThat(ApiKeyFormat.keyIdOf(good.replace('-', '_'))).isEmpty();
        String badTail = good.substring(0, good.length() - 1) + "!";
        assertThat(ApiKeyFormat.keyIdOf(badTail)).isEmpty();
    }

    @Test
    void newSecret_badKeyId_rejectedWithoutEcho() {
        assertThatThrownBy(() -> format.newSecret("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyId");
    }

    @Test
    void secret_toString_isRedacted() {
        Secret s = format.newSecret(format.newKeyId());
        assertThat(s.toString()).doesNotContain(s.reveal().substring(20)).isEqualTo("Secret[redacted]");
        assertThat("" + s).isEqualTo("Secret[redacted]");
        assertThat(s.hint()).hasSize(4).isEqualTo(s.reveal().substring(ApiKeyFormat.KEY_LENGTH - 4));
    }
}
