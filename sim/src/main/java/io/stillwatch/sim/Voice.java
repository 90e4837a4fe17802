package io.stillwatch.sim;

/**
 * What an account says: fills the request's system prompt, messages, tools and sampling parameters
 * for turn {@code turn} of the current session, and the expected answer length. Keeps the
 * conversation in {@link Actor#history}.
 */
@FunctionalInterface
interface Voice {
    void compose(Actor a, int turn, Call c);
}
