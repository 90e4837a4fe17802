package io.stillwatch.sim.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhraseTest {
    private static final Map<String, Slot> SLOTS = Map.of("x", Slot.words("one", "two"));

    @Test
    void expand_alternativesAndSlots_produceEveryCombination() {
        Phrase p = Phrase.of("[a|b] {x}[!|?]", SLOTS);
        Set<String> seen = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            seen.add(p.expand(rng));
        }
        assertThat(seen).hasSize(8).contains("a one!", "b two?");
    }

    @Test
    void expand_topLevelBarAndEscapes_areHonoured() {
        Phrase p = Phrase.of("x\\[0\\] \\{y\\} a\\|b|other", SLOTS);
        Set<String> seen = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 100; i++) {
            seen.add(p.expand(rng));
        }
        assertThat(seen).containsExactlyInAnyOrder("x[0] {y} a|b", "other");
    }

    @Test
    void of_unknownSlotOrUnclosedBracket_fails() {
        assertThatThrownBy(() -> Phrase.of("{nope}", SLOTS)).hasMessageContaining("unknown slot '{nope}'");
        assertThatThrownBy(() -> Phrase.of("[a|b", SLOTS)).hasMessageContaining("unclosed '['");
        assertThatThrownBy(() -> Phrase.of("a]", SLOTS)).hasMessageContaining("unbalanced ']'");
    }

    @Test
    void families_everyTemplate_expands() {
        SplittableRandom rng = new SplittableRandom(3);
        for (Family f : Family.values()) {
            for (int i = 0; i < 50; i++) {
                assertThat(f.opener(rng)).isNotBlank().doesNotContainPattern("\\{[a-z]+\\}").doesNotContain("|Implement");
                assertThat(f.followUp(rng)).isNotBlank();
            }
        }
    }
}
