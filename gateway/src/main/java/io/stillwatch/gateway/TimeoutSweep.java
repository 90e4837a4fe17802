package io.stillwatch.gateway;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeouts of one event loop's exchanges: the waiting exchanges sit in a linked list, and one
 * timer of the loop walks it every {@link #TICK_MILLIS} while the list is not empty, expiring the
 * entries whose wait has run out. An exchange so costs two pointer updates per wait instead of a
 * timer set and cancelled (a heap insert and removal in the loop's scheduler,
 * which showed in the gateway's profile); a timeout fires up to one tick late. The same trade as
 * the coarse ticking timer lists of Varghese and Lauck, "Hashed and hierarchical timing wheels"
 * (SOSP 1987), scheme 1, which suits timeouts of seconds that almost never fire.
 *
 * <p>Confined to its event loop, like the exchanges it serves.
 */
final class TimeoutSweep {
    static final long TICK_MILLIS = 50;

    /** One waiting thing: linked at most once; {@link #dueNanos} may change while linked. */
    abstract static class Entry {
        private Entry prev;
        private Entry next;
        private boolean linked;

        /** The System.nanoTime() the wait runs out. */
        abstract long dueNanos();

        /** Called once the wait ran out, after the entry was unlinked. */
        abstract void expire();
    }

    private final EventLoop loop;
    private final Entry head = new Entry() { // sentinel: head.next is the first entry, head.prev the last
        @Override
        long dueNanos() {
            throw new IllegalStateException("sentinel");
        }

        @Override
        void expire() {
            throw new IllegalStateException("sentinel");
        }
    };
    private final List<Entry> due = new ArrayList<>();
    private boolean armed;

    TimeoutSweep(EventLoop loop) {
        this.loop = loop;
        head.prev = head;
        head.next = head;
    }

    /** Starts watching {@code e} (no-op when it is already watched). */
    void watch(Entry e) {
        if (e.linked) {
            return;
        }
        e.linked = true;
        e.prev = head.prev;
        e.next = head;
        head.prev.next = e;
        head.prev = e;
        armIfWatching();
    }

    /** Stops watching {@code e} (no-op when it is not watched). */
    void unwatch(Entry e) {
        if (!e.linked) {
            return;
        }
        e.linked = false;
        e.prev.next = e.next;
        e.next.prev = e.prev;
        e.prev = null;
        e.next = null;
    }

    /** Sets the loop's one timer while anything is watched and none is set. */
    private void armIfWatching() {
        if (!armed && head.next != head) {
            armed = true;
            loop.schedule(this::sweep, TICK_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Collects the entries due first and expires them after: expiring one may unwatch others (a
     * closed connection ends all of its exchanges), which must not disturb the walk.
     */
    void sweep() {
        armed = false;
        long now = System.nanoTime();
        for (Entry e = head.next; e != head; e = e.next) {
            if (e.dueNanos() - now <= 0) {
                due.add(e);
            }
        }
        for (Entry e : due) {
            if (e.linked && e.dueNanos() - now <= 0) {
                unwatch(e);
                e.expire();
            }
        }
        due.clear();
        armIfWatching();
    }
}
