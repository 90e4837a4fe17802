package io.stillwatch.detect.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PromptFingerprinterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon".split(" ");

    private static String words(SplittableRandom rng, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(WORDS[rng.nextInt(WORDS.length)]).append(rng.nextInt(50)).append(' ');
        }
        return b.toString().trim();
    }

    private static ObjectNode user(String text) {
        ObjectNode r = JSON.createObjectNode();
        r.putArray("messages").addObject().put("role", "user").put("content", text);
        return r;
    }

    private static String templated(SplittableRandom rng) {
        return "You are a rigorous tutor.\nSolve the following problem and show every intermediate step.\n"
                + "Problem: " + words(rng, 15) + "\nGive the final answer on its own line.";
    }

    @Test
    void fingerprint_sameTemplateDifferentPayload_sameSkeletonAndSharedBands() {
        PromptFingerprinter fp = PromptFingerprinter.withDefaults();
        SplittableRandom rng = new SplittableRandom(1);
        PromptFingerprint last = null;
        for (int i = 0; i < 5; i++) {
            last = fp.fingerprint(user(templated(rng)));
        }
        PromptFingerprint next = fp.fingerprint(user(templated(rng)));
        assertThat(next.hasTemplate()).isTrue();
        assertThat(next.template()).isEqualTo(last.template());
        assertThat(next.bands()).containsAnyOf(last.bands());
    }

    @Test
    void fingerprint_nearDuplicateTemplate_sharesAnLshBand() {
        PromptFingerprinter fp = PromptFingerprinter.withDefaults();
        SplittableRandom rng = new SplittableRandom(2);
        String a = "Review this code for correctness and performance issues.\nList the findings as numbered items.\n"
                + "Explain the root cause of each finding.\nThen give the corrected version of the whole file.\n"
                + "Keep the original coding style and naming.\nCode: ";
        String b = a.replace("Keep the original coding style and naming.", "Keep the original style.");
        long[] bandsA = null;
        long[] bandsB = null;
        for (int i = 0; i < 4; i++) {
            bandsA = fp.fingerprint(user(a + words(rng, 10))).bands();
            bandsB = fp.fingerprint(user(b + words(rng, 10))).bands();
        }
        assertThat(bandsA).containsAnyOf(bandsB);
    }

    @Test
    void fingerprint_unrelatedPrompts_noTemplateNoSharedBands() {
        PromptFingerprinter fp = PromptFingerprinter.withDefaults();
        SplittableRandom rng = new SplittableRandom(3);
        java.util.Set<Long> bands = new java.util.HashSet<>();
        int templated = 0;
        for (int i = 0; i < 200; i++) {
            PromptFingerprint p = fp.fingerprint(user(words(rng, 12) + ". " + words(rng, 8) + "?"));
            if (p.hasTemplate()) {
                templated++;
                for (long band : p.bands()) {
                    bands.add(band);
                }
            }
        }
        assertThat(templated).isZero();
        assertThat(bands).isEmpty();
    }

    @Test
    void fingerprint_openAiAndAnthropicShapes_systemToolsAndCapabilities() throws Exception {
        PromptFingerprinter fp = PromptFingerprinter.withDefaults();
        ObjectNode openai = (ObjectNode) JSON.readTree("""
                {"messages":[{"role":"system","content":"You are   a helpful assistant."},
                  {"role":"user","content":[{"type":"text","text":"what is in this picture"},
                                            {"type":"image_url","image_url":{"url":"data:..."}}]}]}""");
        ObjectNode anthropic = (ObjectNode) JSON.readTree("""
                {"system":"you are a helpful   assistant.","messages":[{"role":"user","content":"fix the bug"}],
                 "tools":[{"name":"bash","input_schema":{"properties":{"command":{}}}},
                          {"name":"edit","input_schema":{"properties":{"path":{},"old":{},"new":{}}}}]}""");
        ObjectNode openaiTools = (ObjectNode) JSON.readTree("""
                {"messages":[{"role":"user","content":"fix the bug"}],
                 "tools":[{"type":"function","function":{"name":"edit","parameters":{"properties":{"new":{},"old":{},"path":{}}}}},
                          {"type":"function","function":{"name":"bash","parameters":{"properties":{"command":{}}}}}]}""");
        PromptFingerprint a = fp.fingerprint(openai);
        PromptFingerprint b = fp.fingerprint(anthropic);
        PromptFingerprint c = fp.fingerprint(openaiTools);
        assertThat(a.capability()).isEqualTo(Capability.VISION);
        assertThat(b.capability()).isEqualTo(Capability.AGENTIC);
        assertThat(a.system()).isNotZero().isEqualTo(b.system());
        assertThat(b.tools()).isNotZero().isEqualTo(c.tools());
        assertThat(a.tools()).isZero();
    }

    @Test
    void fingerprint_elicitationAndRubric_detected() {
        PromptFingerprinter fp = PromptFingerprinter.withDefaults();
        assertThat(fp.fingerprint(user("Solve x + 2 = 5. Think step by step.")).elicitsReasoning()).isTrue();
        assertThat(fp.fingerprint(user("Grade this answer against the rubric: 42")).rubric()).isTrue();
        PromptFingerprint plain = fp.fingerprint(user("write a haiku about autumn"));
        assertThat(plain.elicitsReasoning()).isFalse();
        assertThat(plain.rubric()).isFalse();
        assertThat(fp.fingerprint(user("implement a python function that sorts a list")).capability())
                .isEqualTo(Capability.CODING);
        assertThat(fp.fingerprint(user("prove that the equation has no integer solution")).capability())
                .isEqualTo(Capability.REASONING);
    }

    @Test
    void fingerprint_wordsFoldCase_asciiAndAccentedLetters() {
        PromptFingerprinter fp = PromptFingerprinter.withDefaults();
        SplittableRandom rng = new SplittableRandom(3);
        String t = "Résumez ce texte en trois phrases précises.\nÉcrivez ensuite une conclusion brève et claire.\n"
                + "Donnez enfin un titre_court+clair à l'ensemble.\nTexte: ";
        for (int i = 0; i < 3; i++) {
            fp.fingerprint(user(t + words(rng, 8)));
        }
        PromptFingerprint lower = fp.fingerprint(user(t + words(rng, 8)));
        PromptFingerprint upper = fp.fingerprint(user(t.toUpperCase(java.util.Locale.ROOT) + words(rng, 8)));
        assertThat(lower.hasTemplate()).isTrue();
        assertThat(upper.template()).isEqualTo(lower.template());
        assertThat(fp.fingerprint(user("PROVE THAT THE EQUATION HAS NO SOLUTION")).capability())
                .isEqualTo(Capability.REASONING);
        assertThat(fp.fingerprint(user("Rate The answer on A SCALE of 1 to 10")).rubric()).isTrue();
        assertThat(fp.fingerprint(user("Explain WHY, Step By Step")).elicitsReasoning()).isTrue();
    }

    @Test
    void fromJson_roundTrip_equalFields() {
        PromptFingerprinter fp = PromptFingerprinter.withDefaults();
        SplittableRandom rng = new SplittableRandom(4);
        PromptFingerprint p = null;
        for (int i = 0; i < 4; i++) {
            p = fp.fingerprint(user(templated(rng)));
        }
        PromptFingerprint back = PromptFingerprint.fromJson(p.toJson());
        assertThat(back.template()).isEqualTo(p.template());
        assertThat(back.bands()).containsExactly(p.bands());
        assertThat(back.capability()).isEqualTo(p.capability());
        assertThat(back.elicitsReasoning()).isEqualTo(p.elicitsReasoning());
    }

    @Test
    void fromJson_wrongVersion_namesField() {
        ObjectNode n = JSON.createObjectNode().put("v", 7);
        assertThatThrownBy(() -> PromptFingerprint.fromJson(n)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fingerprint.v");
    }

    @Test
    void minHash_similarSets_signatureAgreementTracksJaccard() {
        MinHashSketch a = new MinHashSketch(128, 16);
        MinHashSketch b = new MinHashSketch(128, 16);
        a.reset();
        b.reset();
        for (long i = 0; i < 1000; i++) {
            a.add(i);
            b.add(i < 800 ? i : i + 10_000); // Jaccard 800 / 1200 = 0.67
        }
        long[] sa = a.signature();
        long[] sb = b.signature();
        int same = 0;
        for (int i = 0; i < sa.length; i++) {
            same += sa[i] == sb[i] ? 1 : 0;
        }
        assertThat(same / 128.0).isBetween(0.5, 0.82);
    }
}
