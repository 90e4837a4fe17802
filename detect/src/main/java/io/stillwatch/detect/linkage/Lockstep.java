package io.stillwatch.detect.linkage;

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

    /** Longs per ring slot: the slot's head, then its listed holders. */
    private static final int STRIDE = 1 + LISTED;
    /**
     * The ring in one array, so that an exchange touches a few adjacent cache lines rather than five arrays (this runs
     * for every thing of the account at every exchange). Per slot: the head, {@code bucket << 32 | count} (the bucket
     * number, epoch millis / 30 s, an int until the year 4010; exchanges in it, saturating); then up to {@link #LISTED}
     * holders, {@code id << 32 | own} (own: that holder's exchanges in the bucket, at least 1, saturating at 65,535);
     * 0 marks a free place.
     */
    private final long[] ring = new long[RING * STRIDE];
    private long near;
    private long far;

    Lockstep() {
        for (int slot = 0; slot < RING; slot++) {
            ring[slot * STRIDE] = head(Integer.MIN_VALUE, 0);
        }
    }

    /** Reads the ring slots {@link #observe} at {@code nowMillis} reads; changes nothing ({@link SharedThing#touch}). */
    long touch(long nowMillis) {
        int b = (int) Math.floorDiv(nowMillis, BUCKET_MS);
        return ring[Math.floorMod(b, RING) * STRIDE] + ring[Math.floorMod(b - 1, RING) * STRIDE]
                + ring[Math.floorMod(b - FAR_LAG, RING) * STRIDE]
                + ring[Math.floorMod(b - FAR_LAG - 1, RING) * STRIDE];
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
        int at = Math.floorMod(b, RING) * STRIDE;
        long head = ring[at];
        if (bucketOf(head) != b) {
            if (bucketOf(head) > b) {
                return; // older than the ring holds: counted, not remembered
            }
            head = head(b, 0);
            for (int k = 1; k <= LISTED; k++) {
                ring[at + k] = 0;
            }
        }
        int count = countOf(head);
        ring[at] = count < Integer.MAX_VALUE ? head(b, count + 1) : head;
        for (int k = at + 1, end = at + STRIDE; k < end; k++) {
            long e = ring[k];
            if (e == 0) {
                ring[k] = (long) holder << 32 | 1; // listed from its first exchange in the bucket
                return;
            }
            if ((int) (e >>> 32) == holder) {
                if ((int) e < Character.MAX_VALUE) {
                    ring[k] = e + 1;
                }
                return;
            }
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

    /** Exchanges in bucket {@code b} of holders other than {@code holder}, as far as the listed holders tell. */
    private int others(int b, int holder) {
        int at = Math.floorMod(b, RING) * STRIDE;
        long head = ring[at];
        if (bucketOf(head) != b) {
            return 0;
        }
        int count = countOf(head);
        for (int k = at + 1, end = at + STRIDE; k < end; k++) {
            long e = ring[k];
            if (e == 0) {
                break;
            }
            if ((int) (e >>> 32) == holder) {
                return count - (int) e;
            }
        }
        return count;
    }

    private static long head(int bucket, int count) {
        return (long) bucket << 32 | (count & 0xffff_ffffL);
    }

    private static int bucketOf(long head) {
        return (int) (head >> 32);
    }

    private static int countOf(long head) {
        return (int) head;
    }
}
