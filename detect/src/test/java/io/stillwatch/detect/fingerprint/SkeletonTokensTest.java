package io.stillwatch.detect.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.stillwatch.model.codec.JsonScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tokens read ahead must give, exchange after exchange, exactly the fingerprints a scan of the texts gives. */
class SkeletonTokensTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    private static PromptParts parsed(PromptPartsReader reader, String body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            p.nextToken();
            return reader.read(p);
        }
    }

    private static PromptParts scanned(PromptPartsReader reader, JsonScanner in, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        in.reset(b, 0, b.length);
        return reader.read(in);
    }

    @Test
    void randomBodies_tokensReadAhead_sameFingerprintsInSequence() throws IOException {
        SplittableRandom rng = new SplittableRandom(5);
        PromptPartsReader plain = new PromptPartsReader();
        PromptPartsReader ahead = PromptPartsReader.withTokens(PromptFingerprinter.DEFAULT_MAX_CHARS);
        JsonScanner in = new JsonScanner();
        PromptFingerprinter viaScan = PromptFingerprinter.withDefaults();
        PromptFingerprinter viaParsedTokens = PromptFingerprinter.withDefaults();
        PromptFingerprinter viaScannedTokens = PromptFingerprinter.withDefaults();
        int templates = 0;
        for (int i = 0; i < 3000; i++) {
            String body = PromptPartsReaderTest.randomBody(rng);
            if (i % 7 == 0) { // past the characters read
                body = body.replace("Problem: ", "Problem: " + "step by step. ".repeat(700));
            }
            PromptParts withTokens = parsed(ahead, body);
            assertThat(withTokens.userTokens()).isNotNull();
            assertThat(scanned(ahead, in, body)).isEqualTo(withTokens);
            PromptFingerprint a = viaScan.fingerprint(parsed(plain, body));
            assertThat(viaParsedTokens.fingerprint(withTokens).toJson()).as(body).isEqualTo(a.toJson());
            assertThat(viaScannedTokens.fingerprint(scanned(ahead, in, body)).toJson()).isEqualTo(a.toJson());
            if (a.hasTemplate()) {
                templates++;
            }
        }
        assertThat(templates).isGreaterThan(500);
    }

    @Test
    void tokensOfAnotherLength_ignored_textScannedInstead() throws IOException {
        String body = "{\"system\":\"Be precise. Be precise.\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "Solve the equation step by step. ".repeat(20) + "\"}]}";
        PromptParts parts = parsed(new PromptPartsReader(), body);
        PromptParts shortTokens = new PromptParts(parts.userText(), parts.systemText(), parts.tools(),
                parts.userTurns(), parts.assistant(), parts.images(), parts.toolParts(),
                SkeletonTokens.of(parts.userText(), 64), SkeletonTokens.of(parts.systemText(), 64));
        PromptFingerprinter a = PromptFingerprinter.withDefaults();
        PromptFingerprinter b = PromptFingerprinter.withDefaults();
        for (int i = 0; i < 5; i++) {
            assertThat(b.fingerprint(shortTokens).toJson()).isEqualTo(a.fingerprint(parts).toJson());
        }
    }
}
