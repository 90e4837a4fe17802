package io.stillwatch.sim;

import io.stillwatch.model.AccountRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated account in motion: when it sends its next request, what the request says, from
 * where, with which client. Actors advance session by session; the simulator interleaves them by
 * time, so memory grows with the number of accounts, never with the number of exchanges.
 */
final class Actor {
    final int index;
    final AccountRecord account;
    final Member member;
    final SplittableRandom rng;
    final Schedule schedule;
    final Shape shape;
    final Voice voice;
    final Egress egress;
    final Client client;
    /** The account id and API keys as quoted JSON strings, encoded once: every line carries them. */
    final byte[] accountJson;
    final byte[][] keysJson;
    final List<Msg> history = new ArrayList<>();
    int mode;
    /** The system prompt of the current session, when a voice paraphrases it once per session. */
    String sessionSystem;
    /** Per-session choices of blended voices, keyed by the voice instance. */
    final java.util.IdentityHashMap<Voice, Boolean> choices = new java.util.IdentityHashMap<>(4);
    int counter;

    long next = Schedule.NEVER;
    int turn;
    int turnsLeft;
    long sessionsLeft;

    /** Truth about an account: population kind and campaign. */
    record Member(String population, String campaign) {
        boolean attack() {
            return campaign != null;
        }
    }

    /** Session length in turns and the pause between turns. */
    record Shape(int minTurns, int maxTurns, long gapLoMs, long gapHiMs, long maxSessions) {
        int turns(SplittableRandom rng) {
            if (maxTurns <= minTurns) {
                return minTurns;
            }
            // skewed towards short sessions: min of two uniforms
            int a = minTurns + rng.nextInt(maxTurns - minTurns + 1);
            int b = minTurns + rng.nextInt(maxTurns - minTurns + 1);
            return Math.min(a, b);
        }

        long gap(SplittableRandom rng) {
            return gapLoMs + (gapHiMs <= gapLoMs ? 0 : rng.nextLong(gapHiMs - gapLoMs));
        }
    }

    Actor(int index, AccountRecord account, Member member, long seed, Schedule schedule, Shape shape, Voice voice,
            Egress egress, Client client) {
        this.index = index;
        this.account = account;
        this.member = member;
        this.rng = new SplittableRandom(seed);
        this.schedule = schedule;
        this.shape = shape;
        this.voice = voice;
        this.egress = egress;
        this.client = client;
        this.accountJson = JsonBytes.quoted(account.account());
        this.keysJson = new byte[client.keys().length][];
        for (int i = 0; i < keysJson.length; i++) {
            keysJson[i] = JsonBytes.quoted(client.keys()[i]);
        }
        this.sessionsLeft = shape.maxSessions() <= 0 ? Long.MAX_VALUE : shape.maxSessions();
    }

    /** Schedules the first session; no activity before the account exists. */
    void start() {
        startSession(account.created().toEpochMilli());
    }

    private void startSession(long after) {
        if (sessionsLeft-- <= 0) {
            next = Schedule.NEVER;
            return;
        }
        next = schedule.nextSession(after, rng);
        turn = 0;
        turnsLeft = shape.turns(rng);
    }

    /** Fills {@code c} with the exchange at {@link #next} and moves on to the following one. */
    void emit(Call c) {
        c.reset();
        c.ts = next;
        c.actor = this;
        c.account = account.account();
        voice.compose(this, turn, c);
        client.apply(this, c);
        c.ip = egress.ip(rng, c.ts);
        Outcome.settle(this, c);
        turn++;
        if (--turnsLeft > 0) {
            next = next + c.latencyMs + shape.gap(rng);
        } else {
            startSession(next + c.latencyMs);
        }
    }
}
