package io.stillwatch.sim;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.Kyc;
import io.stillwatch.sim.Actor.Member;
import io.stillwatch.sim.Actor.Shape;
import io.stillwatch.sim.Identities.Place;
import io.stillwatch.sim.Voices.Mix;
import io.stillwatch.sim.Voices.Params;
import io.stillwatch.sim.text.Family;
import io.stillwatch.sim.text.Lexicon;
import io.stillwatch.sim.text.Phrase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the accounts of a scenario and the actors that drive them, population by population and
 * campaign by campaign (docs/scenarios.md). Everything derives from the scenario seed through
 * per-part random streams, so adding a part never changes the others' accounts.
 */
final class Cast {
    static final long MINUTE = 60_000L;
    static final long HOUR = Rhythm.HOUR;
    static final long DAY = Rhythm.DAY;

    private static final String[] CHAT_UAS = {"OpenAI/Python 1.99.9", "OpenAI/Python 2.3.0", "OpenAI/JS 5.12.2",
        "Anthropic/Python 0.64.0", "Anthropic/TypeScript 0.60.0", "python-requests/2.32.3", "curl/8.5.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0 Safari/537.36",
        "langchain-openai/0.3.28 OpenAI/Python 1.99.9", "Go-http-client/2.0", "axios/1.11.0"};
    private static final String[] DEV_UAS = {"OpenAI/Python 1.99.9", "OpenAI/Python 2.3.0", "OpenAI/JS 5.12.2",
        "Anthropic/Python 0.64.0", "Anthropic/TypeScript 0.60.0", "Go-http-client/2.0", "OpenAI/Java 3.1.0",
        "langchain-anthropic/0.3.17 Anthropic/Python 0.64.0", "litellm/1.74.0"};
    private static final String[] DISPOSABLE = {"mailbox.re", "inboxhub.cc", "tmpbox.io"};

    final long seed;
    final long start;
    final long end;
    final long release;
    final List<Actor> actors = new ArrayList<>();
    final List<CampaignInfo> campaigns = new ArrayList<>();
    private long instruments;
    private int partIndex;

    /** A campaign of the truth file. */
    record CampaignInfo(String id, PopulationKind kind) {
    }

    Cast(Scenario scenario, long seed, double scale) {
        this.seed = seed;
        this.start = scenario.start().toEpochMilli();
        this.end = scenario.end().toEpochMilli();
        this.release = scenario.release().toEpochMilli();
        int[] perKind = new int[PopulationKind.values().length];
        for (Scenario.Part part : scenario.parts()) {
            int n = Math.max(1, (int) Math.round(part.accounts() * scale));
            SplittableRandom rng = new SplittableRandom(Ids.seed(seed, "part", partIndex++));
            int ordinal = ++perKind[part.kind().ordinal()];
            build(part.kind(), n, part.volume(), ordinal, rng);
        }
    }

    private void build(PopulationKind kind, int n, double volume, int ordinal, SplittableRandom rng) {
        if (volume != 1.0 && kind != PopulationKind.HYDRA) {
            throw new IllegalArgumentException("population " + kind.wire() + ": only hydra takes a volume factor");
        }
        switch (kind) {
            case INDIVIDUAL -> individuals(n, rng, false, PopulationKind.INDIVIDUAL);
            case EARLY_ADOPTER -> individuals(n, rng, true, PopulationKind.EARLY_ADOPTER);
            case HOUSEHOLD -> households(n, rng);
            case DEVELOPER -> developers(n, rng);
            case CI_LOOP -> ciLoops(n, rng);
            case ENTERPRISE_APP -> enterprise(n, rng);
            case BENCHMARK_RUN -> benchmark(n, rng);
            case CLASSROOM -> classroom(n, rng);
            case COMPANY_TEAM -> team(n, rng);
            case OSS_TOOL_USERS -> ossUsers(n, rng);
            case RESELLER_CUSTOMER -> resellerCustomers(n, rng);
            case HYDRA -> hydra(n, volume, campaign(kind, ordinal, "hydra"), rng);
            case REASONING_HARVEST -> reasoning(n, campaign(kind, ordinal, "reasoning"), rng);
            case RELEASE_CHASER -> releaseChaser(n, campaign(kind, ordinal, "release"), rng);
            case RESELLER_DISTILL -> reseller(n, campaign(kind, ordinal, "reseller"), rng);
            case STEALTH -> stealth(n, campaign(kind, ordinal, "stealth"), rng);
            default -> throw new IllegalArgumentException("population " + kind.wire() + " has no builder");
        }
    }

    private String campaign(PopulationKind kind, int ordinal, String name) {
        String id = name + "-" + ordinal;
        campaigns.add(new CampaignInfo(id, kind));
        return id;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String accountId(int index) {
        return Ids.hex("acct_", Ids.mix(seed * 31 + index + 0x1234567L), 14);
    }

    private String newPayment() {
        return Identities.payment(Ids.mix(seed) + (++instruments));
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static Instant at(long ms) {
        return Instant.ofEpochMilli(ms);
    }

    private String[] keys(int index, int n) {
        String[] k = new String[n];
        for (int i = 0; i < n; i++) {
            k[i] = Ids.hex("key_", Ids.mix(seed ^ (index * 8L + i) ^ 0x6b6579L), 12);
        }
        return k;
    }

    private Actor add(AccountRecord account, PopulationKind kind, String campaign, Schedule schedule, Shape shape,
            Voice voice, Egress egress, Client client) {
        int index = actors.size();
        Actor a = new Actor(index, account, new Member(kind.wire(), campaign), Ids.seed(seed, "actor", index),
                schedule, shape, voice, egress, client);
        actors.add(a);
        return a;
    }

    private AccountRecord account(int index, long created, String org, String email, String payment, String signupIp,
            String country, List<String> nationality, Kyc kyc, String tier) {
        return new AccountRecord(accountId(index), at(created), org, email, payment, signupIp, country, nationality, kyc, tier);
    }

    private Client client(SplittableRandom rng, double anthropicShare, String[] uas, int keyCount, double stream,
            double adoptShare, long adoptAt) {
        boolean anthropic = rng.nextDouble() < anthropicShare;
        String ua = uas[rng.nextInt(uas.length)];
        if (anthropic && ua.startsWith("OpenAI/")) {
            ua = "Anthropic/Python 0.64.0";
        } else if (!anthropic && ua.startsWith("Anthropic/")) {
            ua = "OpenAI/Python 1.99.9";
        }
        return new Client(anthropic, ua, keys(actors.size(), keyCount), stream, anthropic ? Models.ANTHROPIC : Models.OPENAI,
                anthropic ? Models.NEW_ANTHROPIC : Models.NEW_OPENAI, adoptAt, adoptShare);
    }

    private Client client(SplittableRandom rng, double anthropicShare, String[] uas, double stream) {
        // ordinary users drift to the new model slowly: a few percent of requests after a week or more
        return client(rng, anthropicShare, uas, 1, stream, 0.15, release + (long) uniform(rng, 5, 30) * DAY);
    }

    private static final Mix PERSONAL = Mix.of(Family.GENERAL, 30, Family.WRITING, 18, Family.CODING, 14, Family.MATH, 14,
            Family.REASONING, 8, Family.TRANSLATION, 10, Family.AGENTIC, 1);
    private static final Mix DEV = Mix.of(Family.CODING, 60, Family.GENERAL, 10, Family.MATH, 6, Family.REASONING, 8,
            Family.WRITING, 6, Family.AGENTIC, 10);
    private static final Mix WORK = Mix.of(Family.WRITING, 30, Family.CODING, 25, Family.GENERAL, 25, Family.REASONING, 10,
            Family.TRANSLATION, 10);
    private static final Mix STUDENT = Mix.of(Family.GENERAL, 30, Family.MATH, 25, Family.CODING, 25, Family.WRITING, 20);
    static final Mix CAMOUFLAGE = Mix.of(Family.GENERAL, 40, Family.WRITING, 25, Family.TRANSLATION, 15, Family.MATH, 10,
            Family.CODING, 10);

    // ---- benign populations --------------------------------------------------------------------

    private void individuals(int n, SplittableRandom rng, boolean earlyAdopters, PopulationKind kind) {
        for (int i = 0; i < n; i++) {
            Place place = Identities.place(rng);
            boolean v6 = rng.nextInt(10) == 0;
            String home = v6 ? Networks.ipv6(rng) : Networks.in(Networks.RESIDENTIAL, rng);
            long created = start - (long) uniform(rng, 1, 900) * DAY - rng.nextLong(DAY);
            boolean paid = earlyAdopters || rng.nextInt(10) < 7;
            AccountRecord acc = account(actors.size(), created, null, Identities.personalEmail(rng),
                    paid ? newPayment() : null, home, place.country(), List.of(), rng.nextInt(3) == 0 ? Kyc.BASIC : Kyc.NONE,
                    paid ? (earlyAdopters ? "pro" : "plus") : "free");
            Client client = earlyAdopters
                    ? client(rng, 0.5, rng.nextBoolean() ? CHAT_UAS : DEV_UAS, 1, 0.6, uniform(rng, 0.75, 0.95),
                            release + (long) uniform(rng, 0.2, 20) * HOUR)
                    : client(rng, 0.4, CHAT_UAS, 0.5);
            double perDay = earlyAdopters ? uniform(rng, 1.5, 5) : uniform(rng, 0.3, 2.5);
            add(acc, kind, null, Schedule.poisson(Rhythm.human(place.tz()), perDay, start, end),
                    new Shape(1, 7, 20_000, 240_000, 0),
                    Voices.chat(earlyAdopters ? DEV : PERSONAL, Params.CHAT, Scripts.USER_SYSTEMS, 0.15),
                    Egress.home(home, 0.15), client);
        }
    }

    private void households(int n, SplittableRandom rng) {
        int i = 0;
        while (i < n) {
            int size = Math.min(n - i, 2 + rng.nextInt(2));
            Place place = Identities.place(rng);
            String home = Networks.in(Networks.RESIDENTIAL, rng);
            String card = newPayment();
            for (int j = 0; j < size; j++, i++) {
                long created = start - (long) uniform(rng, 1, 600) * DAY;
                AccountRecord acc = account(actors.size(), created, null, Identities.personalEmail(rng), card, home,
                        place.country(), List.of(), Kyc.NONE, "plus");
                add(acc, PopulationKind.HOUSEHOLD, null,
                        Schedule.poisson(Rhythm.human(place.tz()), uniform(rng, 0.5, 2.5), start, end),
                        new Shape(1, 6, 20_000, 240_000, 0), Voices.chat(PERSONAL, Params.CHAT, Scripts.USER_SYSTEMS, 0.1),
                        Egress.home(home, 0.2), client(rng, 0.4, CHAT_UAS, 0.5));
            }
        }
    }

    private void developers(int n, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            Place place = Identities.place(rng);
            String home = Networks.in(Networks.RESIDENTIAL, rng);
            long created = start - (long) uniform(rng, 3, 700) * DAY;
            AccountRecord acc = account(actors.size(), created, null, Identities.personalEmail(rng), newPayment(), home,
                    place.country(), List.of(), rng.nextBoolean() ? Kyc.BASIC : Kyc.NONE, "pay_as_you_go");
            Voice voice = Voices.blend(Voices.chat(DEV, Params.DEV, Scripts.USER_SYSTEMS, 0.4),
                    Voices.agent(ToolSet.CODING_AGENT, Scripts.DEV_AGENT_SYSTEM, Scripts.AGENT_TASK, Family.AGENTIC, Params.AGENT),
                    0.3);
            add(acc, PopulationKind.DEVELOPER, null,
                    Schedule.poisson(Rhythm.developer(place.tz()), uniform(rng, 0.7, 3), start, end),
                    new Shape(2, 30, 8_000, 120_000, 0), voice,
                    Egress.mix(0.7, Egress.home(home, 0.05), Egress.ranges(Networks.CLOUD)),
                    client(rng, 0.5, DEV_UAS, 1 + rng.nextInt(3), 0.4, 0.3, release + (long) uniform(rng, 1, 10) * DAY));
        }
    }

    private void ciLoops(int n, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            Place place = Identities.place(rng);
            long created = start - (long) uniform(rng, 30, 700) * DAY;
            AccountRecord acc = account(actors.size(), created, null, Identities.personalEmail(rng), newPayment(),
                    Networks.in(Networks.RESIDENTIAL, rng), place.country(), List.of(), Kyc.BASIC, "pay_as_you_go");
            String prompt = Scripts.CI_PROMPT.expand(rng);
            add(acc, PopulationKind.CI_LOOP, null,
                    Schedule.poisson(Rhythm.office(place.tz()), uniform(rng, 0.5, 2.5), start, end),
                    new Shape(100, 600, 500, 4_000, 0),
                    Voices.fixed(Scripts.CI_SYSTEM, prompt, Params.DETERMINISTIC),
                    Egress.ranges(Networks.CLOUD),
                    client(rng, 0.3, new String[] {"python-requests/2.32.3", "OpenAI/Python 1.99.9", "curl/8.5.0"}, 0.0));
        }
    }

    private void enterprise(int n, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            Place place = Identities.place(rng);
            String org = Ids.hex("org_", rng.nextLong(), 10);
            String[] nat = new String[3];
            for (int j = 0; j < 3; j++) {
                nat[j] = Networks.in(Networks.CLOUD, rng);
            }
            String system = Scripts.ENTERPRISE_SYSTEMS[i % Scripts.ENTERPRISE_SYSTEMS.length];
            long created = start - (long) uniform(rng, 60, 500) * DAY;
            AccountRecord acc = account(actors.size(), created, org, "platform-team@" + org.substring(4) + ".com",
                    newPayment(), nat[0], place.country(), List.of(place.country()), Kyc.VERIFIED, "enterprise");
            long userSalt = rng.nextLong();
            Params params = new Params(new double[] {0.3}, new int[] {1024}, 0.0, 0);
            Voice voice = (a, turn, c) -> {
                if (turn == 0) {
                    a.history.clear();
                    a.mode = a.rng.nextInt(20_000);
                } else {
                    a.history.add(Msg.assistant(Family.GENERAL.answer(a.rng)));
                }
                a.history.add(Msg.user(Scripts.CUSTOMER_QUESTION.expand(a.rng)));
                c.system = system;
                c.systemConstant = true;
                c.tools = ToolSet.SUPPORT;
                c.messages.addAll(a.history);
                c.endUser = Ids.hex("u_", Ids.mix(userSalt + a.mode), 10);
                c.anthropicHint = a.client.anthropic();
                params.apply(a.rng, c);
                c.outputTokens = 60 + a.rng.nextInt(220);
            };
            add(acc, PopulationKind.ENTERPRISE_APP, null,
                    Schedule.poisson(Rhythm.service(place.tz()), uniform(rng, 1500, 2500), start, end),
                    new Shape(1, 3, 5_000, 60_000, 0), voice, Egress.pool(nat),
                    client(rng, 0.5, new String[] {"OpenAI/Java 3.1.0", "Anthropic/Python 0.64.0", "OpenAI/Python 1.99.9"},
                            2, 0.7, 0.0, Long.MAX_VALUE));
        }
    }

    private void benchmark(int n, SplittableRandom rng) {
        int[] campus = Networks.campus(rng);
        String lab = Ids.hex("org_", rng.nextLong(), 10);
        String domain = "cs.uni" + (100 + rng.nextInt(900)) + ".edu";
        long runDay = start + (long) uniform(rng, 1, 3) * DAY + 14 * HOUR;
        long itemSalt = rng.nextLong();
        int itemsPerAccount = 1000 + rng.nextInt(1000);
        for (int i = 0; i < n; i++) {
            int shard = i;
            AccountRecord acc = account(actors.size(), start - (long) uniform(rng, 20, 300) * DAY, lab,
                    Identities.workEmail(rng, domain), newPayment(), Networks.host(campus, 10, 250, rng), "US",
                    List.of("US"), Kyc.VERIFIED, "pay_as_you_go");
            Voice voice = (a, turn, c) -> {
                SplittableRandom item = new SplittableRandom(itemSalt + shard * 100_000L + turn);
                c.messages.add(Msg.user(Scripts.BENCHMARK.expand(item)));
                c.temperature = 0.0;
                c.maxTokens = 4096;
                c.outputTokens = 300 + a.rng.nextInt(900);
                c.model = a.client.anthropic() ? "claude-sonnet-4-5" : "o4-mini";
                if (!a.client.anthropic()) {
                    c.reasoningEffort = "high";
                    c.temperature = Double.NaN;
                }
            };
            add(acc, PopulationKind.BENCHMARK_RUN, null, Schedule.once(runDay + rng.nextLong(20 * MINUTE)),
                    new Shape(itemsPerAccount, itemsPerAccount, 200, 1_500, 1), voice,
                    Egress.fixed(Networks.host(campus, 10, 250, rng)),
                    client(rng, i % 2 == 0 ? 0.0 : 1.0, new String[] {"OpenAI/Python 1.99.9"}, 0.0));
        }
    }

    private void classroom(int n, SplittableRandom rng) {
        int[] campus = Networks.campus(rng);
        String domain = "uni" + (100 + rng.nextInt(900)) + ".edu";
        long termStart = start - (long) uniform(rng, 5, 20) * DAY;
        Place place = Identities.place(rng);
        Voice assignment = Voices.templated(null, new Phrase[] {Scripts.ASSIGNMENT}, Family.CODING, Params.CHAT, null);
        for (int i = 0; i < n; i++) {
            String dorm = Networks.in(Networks.RESIDENTIAL, rng);
            AccountRecord acc = account(actors.size(), termStart + rng.nextLong(2 * DAY), null,
                    "s" + (1_000_000 + rng.nextInt(9_000_000)) + "@" + domain, null, Networks.host(campus, 2, 254, rng),
                    place.country(), List.of(), Kyc.BASIC, "edu");
            add(acc, PopulationKind.CLASSROOM, null,
                    Schedule.poisson(Rhythm.student(place.tz()), uniform(rng, 0.8, 2.5), start, end),
                    new Shape(2, 10, 30_000, 300_000, 0),
                    Voices.blend(Voices.chat(STUDENT, Params.CHAT, new String[0], 0), assignment, 0.45),
                    Egress.mix(0.75, (r, t) -> Networks.host(campus, 2, 254, r), Egress.home(dorm, 0.3)),
                    client(rng, 0.3, CHAT_UAS, 0.6));
        }
    }

    private void team(int n, SplittableRandom rng) {
        int[] office = Networks.subnet(Networks.RESIDENTIAL, rng);
        String[] officeIps = {Networks.host(office, 17, 17, rng), Networks.host(office, 18, 18, rng)};
        String org = Ids.hex("org_", rng.nextLong(), 10);
        String domain = "acme" + (10 + rng.nextInt(90)) + ".io";
        String card = newPayment();
        Place place = Identities.place(rng);
        for (int i = 0; i < n; i++) {
            AccountRecord acc = account(actors.size(), start - (long) uniform(rng, 30, 400) * DAY, org,
                    Identities.workEmail(rng, domain), card, officeIps[0], place.country(), List.of(place.country()),
                    Kyc.VERIFIED, "team");
            String home = Networks.in(Networks.RESIDENTIAL, rng);
            add(acc, PopulationKind.COMPANY_TEAM, null,
                    Schedule.poisson(Rhythm.office(place.tz()), uniform(rng, 1, 4), start, end),
                    new Shape(2, 12, 20_000, 200_000, 0),
                    Voices.blend(Voices.chat(WORK, Params.DEV, Scripts.USER_SYSTEMS, 0.3),
                            Voices.agent(ToolSet.CODING_AGENT, Scripts.DEV_AGENT_SYSTEM, Scripts.AGENT_TASK, Family.AGENTIC,
                                    Params.AGENT), 0.15),
                    Egress.mix(0.8, Egress.pool(officeIps), Egress.home(home, 0.1)),
                    client(rng, 0.5, DEV_UAS, 0.5));
        }
    }

    private void ossUsers(int n, SplittableRandom rng) {
        Phrase system = Lexicon.phrase(Scripts.OSS_SYSTEM);
        for (int i = 0; i < n; i++) {
            Place place = Identities.place(rng);
            String home = Networks.in(Networks.RESIDENTIAL, rng);
            AccountRecord acc = account(actors.size(), start - (long) uniform(rng, 2, 400) * DAY, null,
                    Identities.personalEmail(rng), newPayment(), home, place.country(), List.of(), Kyc.NONE, "pay_as_you_go");
            Client c = client(rng, 0.7, new String[] {"patchwork/0.42.1"}, 1, 0.9, 0.4, release + (long) uniform(rng, 1, 6) * DAY);
            add(acc, PopulationKind.OSS_TOOL_USERS, null,
                    Schedule.poisson(Rhythm.developer(place.tz()), uniform(rng, 0.3, 2), start, end),
                    new Shape(4, 30, 2_000, 30_000, 0),
                    Voices.agent(ToolSet.OSS_TOOL, system, Scripts.AGENT_TASK, Family.AGENTIC, Params.AGENT),
                    Egress.home(home, 0.02), c);
        }
    }

    private void resellerCustomers(int n, SplittableRandom rng) {
        // stand-alone reseller customers (a reseller with no distillation on it)
        resellerAccounts(0, n, null, rng);
    }

    // ---- campaigns -----------------------------------------------------------------------------

    private String[] hostingPool(SplittableRandom rng, int subnets, int perSubnet) {
        String[] ips = new String[subnets * perSubnet];
        for (int s = 0; s < subnets; s++) {
            int[] net = Networks.subnet(Networks.HOSTING, rng);
            for (int i = 0; i < perSubnet; i++) {
                ips[s * perSubnet + i] = Networks.host(net, 2, 254, rng);
            }
        }
        return ips;
    }

    /** Creation times in bursts of {@code burst} accounts within a couple of hours each. */
    private long[] bursts(SplittableRandom rng, int n, int burst, long from, long to) {
        long[] out = new long[n];
        long burstAt = 0;
        for (int i = 0; i < n; i++) {
            if (i % burst == 0) {
                burstAt = from + (long) (rng.nextDouble() * (to - from));
            }
            out[i] = burstAt + rng.nextLong(2 * HOUR);
        }
        return out;
    }

    private String[] sharedCards(SplittableRandom rng, int n, int lo, int hi) {
        String[] out = new String[n];
        int i = 0;
        while (i < n) {
            String card = newPayment();
            int group = lo + rng.nextInt(hi - lo + 1);
            for (int j = 0; j < group && i < n; j++) {
                out[i++] = card;
            }
        }
        return out;
    }

    private String campaignEmail(SplittableRandom rng) {
        if (rng.nextInt(4) == 0) {
            return Identities.FIRST[rng.nextInt(Identities.FIRST.length)] + (1000 + rng.nextInt(9000)) + "@"
                    + DISPOSABLE[rng.nextInt(DISPOSABLE.length)];
        }
        return Identities.personalEmail(rng);
    }

    private void hydra(int n, double volume, String campaign, SplittableRandom rng) {
        String[] hosting = hostingPool(rng, 3, 12);
        long[] created = bursts(rng, n, 40 + rng.nextInt(120), start - 21 * DAY, start + (end - start) / 3);
        String[] cards = sharedCards(rng, n, 3, 8);
        int windowFrom = rng.nextInt(24);
        Rhythm window = Rhythm.window(windowFrom, (windowFrom + 12) % 24, 0.03);
        Voice work = Voices.blend(
                Voices.templated(Scripts.HYDRA_SYSTEM, Scripts.HYDRA_TASKS, Family.CODING, Params.DEV, null),
                Voices.agent(ToolSet.CODING_AGENT, Scripts.HYDRA_SYSTEM, Scripts.AGENT_TASK, Family.AGENTIC, Params.AGENT),
                0.35);
        for (int i = 0; i < n; i++) {
            double camouflage = uniform(rng, 0.2, 0.3);
            String signup = rng.nextBoolean() ? hosting[rng.nextInt(hosting.length)] : Networks.in(Networks.RESIDENTIAL, rng);
            AccountRecord acc = account(actors.size(), created[i], null, campaignEmail(rng), cards[i], signup,
                    rng.nextInt(3) == 0 ? "SG" : "US", List.of(), rng.nextInt(4) == 0 ? Kyc.BASIC : Kyc.NONE, "pay_as_you_go");
            long from = Math.max(start, created[i] + (long) uniform(rng, 1, 30) * HOUR);
            // most accounts work until the end; one in ten is abandoned (or banned) after two to five weeks
            long until = rng.nextInt(10) == 0 ? Math.min(end, from + (long) uniform(rng, 14, 35) * DAY) : end;
            double perDay = volume * uniform(rng, 21, 31) / 1.8;
            add(acc, PopulationKind.HYDRA, campaign, Schedule.poisson(window, perDay, from, until),
                    new Shape(1, 3, 3_000, 40_000, 0),
                    Voices.blend(work, Voices.chat(CAMOUFLAGE, Params.CHAT, Scripts.USER_SYSTEMS, 0.2), camouflage),
                    Egress.mix(0.5, Egress.pool(hosting), Egress.ranges(Networks.RESIDENTIAL)),
                    client(rng, 0.4, new String[] {"OpenAI/Python 1.99.9", "OpenAI/Python 1.98.0", "Anthropic/Python 0.64.0",
                        "python-httpx/0.28.1"}, 1, 0.2, 0.2, release + (long) uniform(rng, 2, 6) * DAY));
        }
    }

    private void reasoning(int n, String campaign, SplittableRandom rng) {
        String[] hosting = hostingPool(rng, 2, 10);
        long[] created = bursts(rng, n, Math.max(5, n / 3), start - 10 * DAY, start);
        String[] cards = sharedCards(rng, n, 8, 20);
        long salt = rng.nextLong();
        int windowFrom = rng.nextInt(24);
        Rhythm window = Rhythm.window(windowFrom, (windowFrom + 10) % 24, 0.0);
        Params params = new Params(new double[] {0.0, 0.2, Double.NaN}, new int[] {8192, 16000}, 0.6, 16000);
        Mix harvest = Mix.of(Family.COT_ELICIT, 45, Family.RUBRIC, 30, Family.SAFE_REWRITE, 25);
        for (int i = 0; i < n; i++) {
            AccountRecord acc = account(actors.size(), created[i], null, campaignEmail(rng), cards[i],
                    hosting[rng.nextInt(hosting.length)], "US", List.of(), Kyc.NONE, "pay_as_you_go");
            String[] systems = {Scripts.REASONING_SYSTEM.expand(rng), Scripts.REASONING_SYSTEM.expand(rng)};
            add(acc, PopulationKind.REASONING_HARVEST, campaign,
                    Schedule.waves(salt, 20 * MINUTE, window, 0.85, 90_000, Math.max(start, created[i] + HOUR), end),
                    new Shape(1, 4, 4_000, 20_000, 0),
                    Voices.blend(Voices.chat(harvest, params, systems, 0.9),
                            Voices.chat(CAMOUFLAGE, Params.CHAT, Scripts.USER_SYSTEMS, 0.1), 0.1),
                    Egress.mix(0.7, Egress.pool(hosting), Egress.ranges(Networks.RESIDENTIAL)),
                    client(rng, 0.5, new String[] {"OpenAI/Python 1.99.9", "Anthropic/Python 0.64.0"}, 0.0));
        }
    }

    private void releaseChaser(int n, String campaign, SplittableRandom rng) {
        String[] hosting = hostingPool(rng, 4, 16);
        long[] created = bursts(rng, n, Math.max(10, n / 5), start - 30 * DAY, start + 2 * DAY);
        String[] cards = sharedCards(rng, n, 5, 15);
        long adopt = release + (long) uniform(rng, 2, 8) * HOUR;
        Voice voice = Voices.blend(
                Voices.agent(ToolSet.CODING_AGENT, Scripts.HYDRA_SYSTEM, Scripts.AGENT_TASK, Family.AGENTIC, Params.AGENT),
                Voices.agent(ToolSet.ORCHESTRATION, Scripts.RELEASE_SYSTEM, Scripts.AGENT_TASK, Family.AGENTIC, Params.AGENT),
                0.4);
        for (int i = 0; i < n; i++) {
            AccountRecord acc = account(actors.size(), created[i], null, campaignEmail(rng), cards[i],
                    Networks.in(Networks.CLOUD, rng), "US", List.of(), Kyc.BASIC, "pay_as_you_go");
            add(acc, PopulationKind.RELEASE_CHASER, campaign,
                    Schedule.poisson(Rhythm.window(rng.nextInt(3), 20 + rng.nextInt(4), 0.2), uniform(rng, 8, 16),
                            Math.max(start, created[i] + HOUR), end),
                    new Shape(5, 25, 1_000, 8_000, 0),
                    Voices.blend(voice, Voices.chat(CAMOUFLAGE, Params.DEV, Scripts.USER_SYSTEMS, 0.2), 0.1),
                    Egress.mix(0.6, Egress.pool(hosting), Egress.ranges(Networks.CLOUD)),
                    client(rng, 0.7, new String[] {"Anthropic/Python 0.64.0", "OpenAI/Python 1.99.9", "litellm/1.74.0"}, 1,
                            0.8, 0.5, adopt + rng.nextLong(10 * HOUR)));
        }
    }

    private void reseller(int n, String campaign, SplittableRandom rng) {
        int customers = Math.max(1, (int) Math.round(n * 0.6));
        resellerAccounts(n, customers, campaign, rng);
    }

    /** A proxy reseller: {@code distill} accounts carrying distillation plus genuine traffic, {@code genuine} carrying only customers. */
    private void resellerAccounts(int distill, int genuine, String campaign, SplittableRandom rng) {
        String[] egress = hostingPool(rng, 1, 6);
        int total = distill + genuine;
        long[] created = bursts(rng, total, Math.max(10, total / 4), start - 60 * DAY, start + 3 * DAY);
        String[] cards = sharedCards(rng, total, 6, 12);
        Voice distillVoice = Voices.templated(null, new Phrase[] {Scripts.DISTILL_TASK}, Family.REASONING, Params.DEV, null);
        Voice genuineVoice = Voices.blend(Voices.chat(PERSONAL, Params.CHAT, Scripts.USER_SYSTEMS, 0.3),
                Voices.agent(ToolSet.CODING_AGENT, Scripts.DEV_AGENT_SYSTEM, Scripts.AGENT_TASK, Family.AGENTIC, Params.AGENT),
                0.2);
        for (int i = 0; i < total; i++) {
            boolean attack = i < distill;
            AccountRecord acc = account(actors.size(), created[i], null, "reseller+" + (1000 + rng.nextInt(9000)) + "@"
                    + "relaymail.net", cards[i], egress[rng.nextInt(egress.length)], "HK", List.of(), Kyc.NONE, "pay_as_you_go");
            add(acc, attack ? PopulationKind.RESELLER_DISTILL : PopulationKind.RESELLER_CUSTOMER, attack ? campaign : null,
                    Schedule.poisson(Rhythm.window(0, 24, 1), uniform(rng, 10, 40), Math.max(start, created[i] + HOUR), end),
                    new Shape(1, 5, 2_000, 60_000, 0),
                    attack ? Voices.blend(distillVoice, genuineVoice, 0.45) : genuineVoice,
                    Egress.pool(egress),
                    client(rng, 0.5, new String[] {"OpenAI/Python 1.99.9", "Anthropic/Python 0.64.0", "one-api/0.6.11",
                        "new-api/0.8.3"}, 1, 0.5, 0.2, release + DAY));
        }
    }

    private void stealth(int n, String campaign, SplittableRandom rng) {
        long salt = rng.nextLong();
        int windowFrom = rng.nextInt(24);
        Rhythm window = Rhythm.window(windowFrom, (windowFrom + 12) % 24, 0.0);
        Params params = new Params(new double[] {0.0, 0.3, 0.6}, new int[] {4096, 8192}, 0.5, 12000);
        Voice voice = Voices.templated(Scripts.STEALTH_SYSTEM, Scripts.STEALTH_TASKS, Family.MATH, params, ToolSet.STEALTH);
        for (int i = 0; i < n; i++) {
            Place place = Identities.place(rng);
            String ip = Networks.in(Networks.RESIDENTIAL, rng);
            AccountRecord acc = account(actors.size(), start - (long) uniform(rng, 1, 90) * DAY - rng.nextLong(DAY), null,
                    Identities.personalEmail(rng), newPayment(), ip, place.country(), List.of(), rng.nextBoolean() ? Kyc.BASIC : Kyc.NONE,
                    "pay_as_you_go");
            add(acc, PopulationKind.STEALTH, campaign,
                    Schedule.waves(salt, 15 * MINUTE, window, 0.3, 45_000, start, end),
                    new Shape(1, 2, 5_000, 30_000, 0), voice, Egress.home(ip, 0.0),
                    client(rng, 0.5, DEV_UAS, 0.3));
        }
    }
}
