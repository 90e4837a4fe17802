package io.stillwatch.detect;

import io.stillwatch.detect.features.AccountBehaviour;
import io.stillwatch.detect.linkage.SharedThing;
import io.stillwatch.detect.linkage.ThingKind;
import java.util.Arrays;
import java.util.List;

/**
 * What the engine keeps per account: identity facts from the registry, behaviour windows, the
 * things it shares (a capped array), and its flag once flagged. Bounded: at most
 * {@code 5 + maxPrefixes + 3 * maxContent} thing references.
 */
final class AccountState {
    final String id;
    /** Unique per account within the engine, for things that tell holders apart cheaply. */
    final int number;
    final long createdMillis;
    final boolean verified;
    final boolean known;
    final AccountBehaviour behaviour = new AccountBehaviour();
    SharedThing[] things = new SharedThing[6];
    int nThings;
    int prefixes;
    int content;
    long firstExchangeMillis = Long.MIN_VALUE;
    // set once flagged
    long flaggedAtMillis = Long.MIN_VALUE;
    double score;
    List<String> reasons;
    int campaignRoot = -1;

    AccountState(String id, int number, long createdMillis, boolean verified, boolean known) {
        this.id = id;
        this.number = number;
        this.createdMillis = createdMillis;
        this.verified = verified;
        this.known = known;
    }

    boolean flagged() {
        return flaggedAtMillis != Long.MIN_VALUE;
    }

    boolean holds(SharedThing t) {
        for (int i = 0; i < nThings; i++) {
            if (things[i] == t) {
                return true;
            }
        }
        return false;
    }

    void add(SharedThing t) {
        if (nThings == things.length) {
            things = Arrays.copyOf(things, nThings + 4);
        }
        things[nThings++] = t;
        if (t.kind() == ThingKind.REQUEST_PREFIX) {
            prefixes++;
        } else if (!t.kind().registry()) {
            content++;
        }
    }
}
