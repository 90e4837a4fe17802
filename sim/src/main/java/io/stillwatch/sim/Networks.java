package io.stillwatch.sim;

import java.util.SplittableRandom;

/**
 * Address space of the simulated internet. Benign and campaign traffic share the big residential ISP
 * prefixes and the popular cloud ranges (so an IP prefix alone proves nothing); hosting ranges,
 * a university /24 and an office block are rarer and more telling.
 */
final class Networks {
    /** First two octets of large residential ISP pools (cable, DSL, fibre) in several regions. */
    static final int[][] RESIDENTIAL = {{73, 0}, {73, 1}, {24, 4}, {98, 2}, {71, 5}, {86, 7}, {92, 3}, {81, 9},
        {2, 12}, {110, 4}, {49, 6}, {189, 3}, {177, 8}, {58, 11}, {122, 2}, {76, 10}, {68, 13}, {95, 14}};
    /** Popular cloud provider ranges (compute instances, CI runners, serverless egress). */
    static final int[][] CLOUD = {{3, 80}, {18, 204}, {52, 14}, {54, 172}, {34, 120}, {35, 190}, {20, 42}, {40, 78}};
    /** Cheap hosting and VPS providers. */
    static final int[][] HOSTING = {{45, 61}, {185, 193}, {193, 106}, {5, 188}, {91, 92}, {194, 36}, {103, 151}, {146, 70}};
    /** Mobile carriers (CGNAT). */
    static final int[][] MOBILE = {{172, 58}, {100, 64}, {100, 72}, {39, 44}};

    private Networks() {
    }

    static String in(int[][] pools, SplittableRandom rng) {
        int[] p = pools[rng.nextInt(pools.length)];
        return p[0] + "." + p[1] + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
    }

    static String inPool(int[] pool, SplittableRandom rng) {
        return pool[0] + "." + pool[1] + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
    }

    /** A /24 (three octets) inside the given pools, e.g. a university or office network. */
    static int[] subnet(int[][] pools, SplittableRandom rng) {
        int[] p = pools[rng.nextInt(pools.length)];
        return new int[] {p[0], p[1], rng.nextInt(256)};
    }

    static String host(int[] subnet, int lo, int hi, SplittableRandom rng) {
        return subnet[0] + "." + subnet[1] + "." + subnet[2] + "." + (lo + rng.nextInt(hi - lo + 1));
    }

    static String ipv6(SplittableRandom rng) {
        return String.format("2601:%x:%x:%x::%x", 0x100 + rng.nextInt(0xe00), rng.nextInt(0x10000),
                rng.nextInt(0x10000), 1 + rng.nextInt(0xffff));
    }

    /** A campus /24 (universities own old, distinctive blocks). */
    static int[] campus(SplittableRandom rng) {
        return new int[] {128 + rng.nextInt(3), rng.nextInt(256), rng.nextInt(256)};
    }
}
