package io.stillwatch.access.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretHasherTest {
    private static final byte[] PEPPER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hash_knownInput_isHmacSha256WithPepper() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PEPPER, "HmacSHA256"));
        byte[] expected = mac.doFinal("sw-kabc-xyz".getBytes(StandardCharsets.UTF_8));
        assertThat(new SecretHasher(Pepper.of(PEPPER)).hash("sw-kabc-xyz")).isEqualTo(expected).hasSize(32);
    }

    @Test
    void hash_otherPepper_differs() {
        byte[] other = PEPPER.clone();
        other[0] ^= 1;
        assertThat(HexFormat.of().formatHex(new SecretHasher(Pepper.of(PEPPER)).hash("x")))
                .isNotEqualTo(HexFormat.of().formatHex(new SecretHasher(Pepper.of(other)).hash("x")));
    }

    @Test
    void pepper_short_rejectedWithMessage() {
        assertThatThrownBy(() -> Pepper.of(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pepper: 16 bytes (expected: >= 32)");
    }

    @Test
    void pepper_badBase64_messageDoesNotEchoText() {
        assertThatThrownBy(() -> Pepper.fromBase64("not base64 at all!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not base64 at all"));
    }

    @Test
    void pepper_toString_isRedacted() {
        Pepper p = Pepper.of(PEPPER);
        assertThat(p.toString()).isEqualTo("Pepper[redacted]");
        assertThat(Pepper.fromBase64(p.toBase64())).isEqualTo(p);
    }

    @Test
    void sameHash_nullOrDifferent_false() {
        assertThat(SecretHasher.sameHash(new byte[32], new byte[32])).isTrue();
        assertThat(SecretHasher.sameHash(new byte[32], null)).isFalse();
        byte[] b = new byte[32];
        b[31] = 1;
        assertThat(SecretHasher.sameHash(new byte[32], b)).isFalse();
    }
}
