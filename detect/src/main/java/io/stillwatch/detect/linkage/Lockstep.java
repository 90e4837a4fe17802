package io.stillwatch.detect.linkage;

import java.util.Arrays;

/**
 * Whether the holders of one thing act in lockstep, in constant space: accounts driven by one scheduler
 * fire in waves, so their exchanges bunch together in time far beyond what independent schedules give.
 * After SynchroTrap (Cao et al., CCS 2014), which clusters accounts whose actions fall in the same time
 * windows, and CopyCatch (Beutel et al., WWW 2013), which looks for groups acting together within a short
 * window; here the question is asked of a group that already shares a thing, so one ratio per thing suffices.
 *
 * <p>Each exchange counts the other holders' exchanges in its own and the previous 30-second bucket (near),
 * and in the same two buckets five minutes earlier (far). Independent schedules, daily rhythms included, give
 * about as many far as near (slightly more: the current bucket is only partly seen, so the measure errs
 * against lockstep); a fleet firing in waves gives near and no far. {@link #synchrony()} is
 * {@code (near - far) / (near + far)}. The holder's own exchanges are left out (a person's conversation or an
 * agent loop is not lockstep), as far as the few holders counted per bucket tell.
 */
final class Lockstep {
    static final long BUCKET_MS = 30_000;
    /** Buckets kept: six minutes, enough to reach five minutes back. */
    static final int RING = 12;
    static final int FAR_LAG = 10;
    /** Holders counted apart per bucket; the exchanges of any more count as other holders'. */
    static final int LISTED = 4;
    /** Near plus far exchanges needed before synchrony says anything. */
    static final int MIN_EVIDENCE = 40;
    /** Past this many, both counts are halved: recent behaviour weighs more, and the counts stay bounded. */
    private static final long MAX_EVIDENCE = 1 << 20;

    /** the bucket number (epoch millis / 30 s: an int until the year 4010) each slot holds */
    private final int[] bucket = new int[RING];
    private final int[] count = new int[RING];
    private final int[] ids = new int[RING * LISTED];
    /** exchanges of each listed holder in its bucket (saturating) */
    private final char[] own = new char[RING * LISTED];
    /** listed holders per bucket */
    private final byte[] listed = new byte[RING];
    private long near;
    private long far;

    Lockstep() {
        Arrays.fill(bucket, Integer.MIN_VALUE);
    }

    /** One exchange of {@code holder} at {@code nowMillis}, in event-time order. */
    void observe(int holder, long nowMillis) {
        int b = (int) Math.floorDiv(nowMillis, BUCKET_MS);
        near += others(b, holder) + others(b - 1, holder);
        far += others(b - FAR_LAG, holder) + others(b - FAR_LAG - 1, holder);
        if (near + far > MAX_EVIDENCE) {
            near >>= 1;
            far >>= 1;
        }
        int slot = Math.floorMod(b, RING);
        if (bucket[slot] != b) {
            if (bucket[slot] > b) {
                return; // older than the ring holds: counted, not remembered
            }
            bucket[slot] = b;
            count[slot] = 0;
            listed[slot] = 0;
        }
        if (count[slot] < Integer.MAX_VALUE) {
            count[slot]++;
        }
        int i = find(slot, holder);
        if (i < 0 && listed[slot] < LISTED) {
            i = slot * LISTED + listed[slot]++;
            ids[i] = holder;
            own[i] = 0;
        }
        if (i >= 0 && own[i] < Character.MAX_VALUE) {
            own[i]++;
        }
    }

    /** In [-1, 1]: 0 without enough evidence or for independent traffic, towards 1 for a fleet firing in waves. */
    double synchrony() {
        long n = near + far;
        return n < MIN_EVIDENCE ? 0 : (near - far) / (double) n;
    }

    /** How many times more co-activity there is within a minute than five minutes apart. */
    double ratio() {
        return near / (double) Math.max(1, far);
    }

    private int others(int b, int holder) {
        int slot = Math.floorMod(b, RING);
        if (bucket[slot] != b) {
            return 0;
        }
        int i = find(slot, holder);
        return i < 0 ? count[slot] : count[slot] - own[i];
    }

    /** Index of {@code holder}'s count in a current bucket, or -1 when not listed. */
    private int find(int slot, int holder) {
        for (int i = slot * LISTED, end = i + listed[slot]; i < end; i++) {
            if (ids[i] == holder) {
                return i;
            }
        }
        return -1;
    }
}
