package io.stillwatch.sim;

import java.util.SplittableRandom;

/** The client IP the gateway sees for an account's requests. */
@FunctionalInterface
interface Egress {
    String ip(SplittableRandom rng, long t);

    static Egress fixed(String ip) {
        return (rng, t) -> ip;
    }

    /** A home connection: one address, sometimes a phone on a mobile network instead. */
    static Egress home(String ip, double mobile) {
        return (rng, t) -> rng.nextDouble() < mobile ? Networks.in(Networks.MOBILE, rng) : ip;
    }

    /** Any of a fixed list of addresses (NAT gateways of an app, a reseller's egress, a proxy pool). */
    static Egress pool(String[] ips) {
        return (rng, t) -> ips[rng.nextInt(ips.length)];
    }

    /** A fresh address in the given ranges for every request (CI runners, rotating residential proxies). */
    static Egress ranges(int[][] pools) {
        return (rng, t) -> Networks.in(pools, rng);
    }

    /** One of two egresses, the first with probability {@code p}. */
    static Egress mix(double p, Egress first, Egress second) {
        return (rng, t) -> rng.nextDouble() < p ? first.ip(rng, t) : second.ip(rng, t);
    }
}
