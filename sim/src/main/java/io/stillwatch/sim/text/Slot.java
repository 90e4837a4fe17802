package io.stillwatch.sim.text;

import java.util.SplittableRandom;

/** Something that writes a piece of generated text: a word list, a number range, a nested phrase. */
@FunctionalInterface
public interface Slot {
    void fill(SplittableRandom rng, StringBuilder out);

    static Slot words(String... values) {
        return (rng, out) -> out.append(values[rng.nextInt(values.length)]);
    }

    static Slot number(int lo, int hi) {
        return (rng, out) -> out.append(lo + rng.nextInt(hi - lo + 1));
    }

    /** One of several slots, e.g. phrases, picked uniformly. */
    static Slot oneOf(Slot... slots) {
        return (rng, out) -> slots[rng.nextInt(slots.length)].fill(rng, out);
    }
}
