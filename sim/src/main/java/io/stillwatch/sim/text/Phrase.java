package io.stillwatch.sim.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A sentence template with alternatives and slots, compiled once and expanded per exchange:
 * {@code "[Write|Implement] a {lang} function that {codetask}[.| please.]"}. Alternatives nest, and
 * a {@code |} outside brackets separates whole-template alternatives; slots name a {@link Slot}
 * resolved at compile time, so expansion does no lookups. A backslash makes the next character
 * literal ({@code \[}, {@code \{}, {@code \|}).
 *
 * <p>This is the simulator's paraphrase engine: one template yields many surface forms that share a
 * skeleton, which is exactly what near-duplicate detection (template fingerprints, MinHash) must
 * see through.
 */
public final class Phrase implements Slot {
    /**
     * Per thread, the builder expansions are written into, so an expansion allocates only its String.
     * A slot that expands a phrase while another expansion is running appends after it.
     */
    private static final ThreadLocal<StringBuilder> SCRATCH = ThreadLocal.withInitial(() -> new StringBuilder(1024));

    private final Slot[] parts;

    private Phrase(Slot[] parts) {
        this.parts = parts;
    }

    /** Compiles a template; every {@code {name}} must be a key of {@code slots}. */
    public static Phrase of(String template, Map<String, Slot> slots) {
        int[] pos = {0};
        List<Phrase> alternatives = new ArrayList<>();
        while (true) {
            alternatives.add(parseSequence(template, pos, slots, true));
            if (pos[0] >= template.length()) {
                break;
            }
            if (template.charAt(pos[0]++) == ']') {
                throw new IllegalArgumentException("template: unbalanced ']' at " + (pos[0] - 1) + " in '" + template + "'");
            }
        }
        return alternatives.size() == 1 ? alternatives.get(0)
                : new Phrase(new Slot[] {new Choice(alternatives.toArray(new Phrase[0]))});
    }

    @Override
    public void fill(SplittableRandom rng, StringBuilder out) {
        for (Slot part : parts) {
            part.fill(rng, out);
        }
    }

    public String expand(SplittableRandom rng) {
        StringBuilder sb = SCRATCH.get();
        int start = sb.length();
        try {
            fill(rng, sb);
            return sb.substring(start);
        } finally {
            sb.setLength(start);
        }
    }

    private static Phrase parseSequence(String t, int[] pos, Map<String, Slot> slots, boolean inAlternative) {
        List<Slot> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (pos[0] < t.length()) {
            char c = t.charAt(pos[0]);
            if (inAlternative && (c == '|' || c == ']')) {
                break;
            }
            if (c == '\\' && pos[0] + 1 < t.length()) {
                literal.append(t.charAt(pos[0] + 1));
                pos[0] += 2;
            } else if (c == '[') {
                flush(literal, parts);
                pos[0]++;
                List<Phrase> alternatives = new ArrayList<>();
                while (true) {
                    alternatives.add(parseSequence(t, pos, slots, true));
                    if (pos[0] >= t.length()) {
                        throw new IllegalArgumentException("template: unclosed '[' in '" + t + "'");
                    }
                    char end = t.charAt(pos[0]++);
                    if (end == ']') {
                        break;
                    }
                }
                parts.add(new Choice(alternatives.toArray(new Phrase[0])));
            } else if (c == '{') {
                int close = t.indexOf('}', pos[0]);
                if (close < 0) {
                    throw new IllegalArgumentException("template: unclosed '{' in '" + t + "'");
                }
                String name = t.substring(pos[0] + 1, close);
                Slot slot = slots.get(name);
                if (slot == null) {
                    throw new IllegalArgumentException("template: unknown slot '{" + name + "}' in '" + t + "'");
                }
                flush(literal, parts);
                parts.add(slot);
                pos[0] = close + 1;
            } else {
                literal.append(c);
                pos[0]++;
            }
        }
        flush(literal, parts);
        return new Phrase(parts.toArray(new Slot[0]));
    }

    private static void flush(StringBuilder literal, List<Slot> parts) {
        if (literal.length() > 0) {
            String s = literal.toString();
            parts.add((rng, out) -> out.append(s));
            literal.setLength(0);
        }
    }

    private record Choice(Phrase[] alternatives) implements Slot {
        @Override
        public void fill(SplittableRandom rng, StringBuilder out) {
            alternatives[rng.nextInt(alternatives.length)].fill(rng, out);
        }
    }
}
