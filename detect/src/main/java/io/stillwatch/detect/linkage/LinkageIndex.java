package io.stillwatch.detect.linkage;

import io.stillwatch.detect.fingerprint.Hashing;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The things accounts share, looked up by kind and value in constant time.
 *
 * <p>Registry things (payment, sign-up IP and network, e-mail domain and pattern) and request networks
 * are kept for as long as the run: there are a few per account, so they grow with accounts. Content
 * things (templates, system prompts, tool schemas) can grow with traffic, so they live in bounded
 * least-recently-used tables; an evicted thing stays alive for the accounts that hold it and a later
 * sighting starts a new one.
 *
 * <p>Templates are matched by MinHash LSH: a template's band keys point at its thing, and an exchange
 * whose skeleton shares any band with an earlier one joins that earlier template (online near-duplicate
 * clustering at constant cost per exchange; Leskovec, Rajaraman and Ullman, Mining of Massive
 * Datasets, ch. 3).
 */
public final class LinkageIndex {
    private final Map<Long, SharedThing> fixed = new java.util.HashMap<>();
    private final Lru content;
    private final Lru bands;

    public LinkageIndex(int contentCapacity, int bandCapacity) {
        if (contentCapacity < 16) {
            throw new IllegalArgumentException("content thing capacity: " + contentCapacity + " (expected: >= 16)");
        }
        if (bandCapacity < 16) {
            throw new IllegalArgumentException("lsh band capacity: " + bandCapacity + " (expected: >= 16)");
        }
        this.content = new Lru(contentCapacity);
        this.bands = new Lru(bandCapacity);
    }

    /** The registry or network thing of this kind and value, created on first sight. */
    public SharedThing fixed(ThingKind kind, String value, long nowMillis) {
        long key = Hashing.combine(kind.ordinal() + 1, Hashing.hash(value));
        SharedThing t = fixed.get(key);
        if (t == null) {
            t = new SharedThing(kind, value, nowMillis);
            fixed.put(key, t);
        }
        return t;
    }

    /** The system-prompt or tool-schema thing of this hash, created on first sight. */
    public SharedThing content(ThingKind kind, long hash, long nowMillis) {
        long key = Hashing.combine(kind.ordinal() + 101, hash);
        SharedThing t = content.get(key);
        if (t == null) {
            t = new SharedThing(kind, Long.toHexString(hash), nowMillis);
            content.put(key, t);
        }
        return t;
    }

    /**
     * The template (or system prompt) that a skeleton with these LSH band keys belongs to, created on first
     * sight; without band keys, the exact hash decides.
     */
    public SharedThing cluster(ThingKind kind, long skeletonHash, long[] bandKeys, long nowMillis) {
        SharedThing found = null;
        long ns = kind.ordinal() * 0x9e3779b97f4a7c15L;
        for (long b : bandKeys) {
            found = bands.get(b ^ ns);
            if (found != null) {
                break;
            }
        }
        if (found == null) {
            found = content(kind, skeletonHash, nowMillis);
        }
        for (long b : bandKeys) {
            if (bands.get(b ^ ns) == null) {
                bands.put(b ^ ns, found);
            }
        }
        return found;
    }

    public int fixedThings() {
        return fixed.size();
    }

    public int contentThings() {
        return content.size();
    }

    private static final class Lru extends LinkedHashMap<Long, SharedThing> {
        private final int capacity;

        Lru(int capacity) {
            super(Math.min(capacity, 1 << 16), 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, SharedThing> eldest) {
            return size() > capacity;
        }
    }
}
