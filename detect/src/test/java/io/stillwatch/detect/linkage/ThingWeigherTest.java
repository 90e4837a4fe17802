package io.stillwatch.detect.linkage;

import static org.assertj.core.api.Assertions.assertThat;

import static io.stillwatch.detect.linkage.ThingWeigher.VOLUME_HIGH;

import io.stillwatch.detect.DetectionConfig;
import org.junit.jupiter.api.Test;

class ThingWeigherTest {
    private static final long DAY = 86_400_000L;
    private static final long NOW = 1000 * DAY;

    private static ThingWeigher weigher() {
        double[] w = new double[ThingKind.values().length];
        java.util.Arrays.fill(w, 0.8);
        return new ThingWeigher(w, 10, 14, 1000, 0.2, 0.45, 20);
    }

    /** A thing held by {@code n} accounts created around {@code createdDay} +- spread, sending {@code harvest} share. */
    private static SharedThing thing(ThingKind kind, int n, long createdDay, int spreadDays, boolean verified,
                                     boolean established, double harvest) {
        SharedThing t = new SharedThing(kind, "v", NOW);
        for (int i = 0; i < n; i++) {
            long created = (createdDay + (spreadDays == 0 ? 0 : i % (spreadDays + 1))) * DAY;
            t.join("a" + i, created, verified, established, NOW);
        }
        for (int i = 0; i < 1000; i++) { // over the ten days before now: at most 100 a day per holder
            t.observe(i % n, i < harvest * 1000, NOW - 10 * DAY + i * (10 * DAY / 1000));
        }
        return t;
    }

    /** A thing of {@code n} day-old accounts whose traffic so far is {@code exchanges} ordinary ones over {@code hours}. */
    private static SharedThing busy(ThingKind kind, int n, int exchanges, double hours) {
        SharedThing t = new SharedThing(kind, "v", NOW);
        for (int i = 0; i < n; i++) {
            t.join("a" + i, NOW - DAY, false, false, NOW - DAY);
        }
        long span = (long) (hours * 3_600_000L);
        for (int i = 0; i < exchanges; i++) {
            t.observe(i % n, false, NOW - span + i * span / exchanges);
        }
        return t;
    }

    @Test
    void weight_cardWhoseHoldersRunMachineVolume_strongWithinHours() {
        // eight accounts at ~180 exchanges a day each, four hours in: machine volume shows before the day is out
        SharedThing card = busy(ThingKind.PAYMENT, 8, 240, 4);
        assertThat(card.dailyVolumePerHolder(NOW)).isGreaterThanOrEqualTo(VOLUME_HIGH);
        assertThat(weigher().weight(card, NOW, new ThingWeigher.Holder(30, 0, 0.1, 0.3, 30))).isGreaterThan(0.7);
    }

    @Test
    void weight_cardWithABurstAtHumanPace_zero() {
        // a household's evening: twenty exchanges in an hour between two people is not a daily rate of 240 each
        SharedThing card = busy(ThingKind.PAYMENT, 2, 20, 1);
        assertThat(weigher().weight(card, NOW, new ThingWeigher.Holder(5, 0, 0.1, 0.3, 5))).isZero();
    }

    @Test
    void weight_toolSchemaOfMachineVolumeAgents_linksOnlyAMachineVolumeHolder() {
        SharedThing tools = busy(ThingKind.TOOL_SCHEMA, 11, 11 * 150 * 2, 48);
        ThingWeigher w = weigher();
        var agent = new ThingWeigher.Holder(300, 15, 0.1, 0.25, 150);
        var developer = new ThingWeigher.Holder(40, 2, 0.1, 0.25, 20);
        var ciJob = new ThingWeigher.Holder(300, 0, 0.1, 1.0, 300);
        assertThat(w.weight(tools, NOW, agent)).isGreaterThan(0.6);
        assertThat(w.weight(tools, NOW, developer)).isZero();
        assertThat(w.weight(tools, NOW, ciJob)).isZero();
    }

    @Test
    void weight_cardSharedByFortyDayOldAccounts_strong() {
        SharedThing card = thing(ThingKind.PAYMENT, 40, 999, 0, false, false, 0.6);
        assertThat(weigher().weight(card, NOW)).isGreaterThan(0.7);
    }

    @Test
    void weight_templateOfThousandsOfLongStandingCustomers_weak() {
        SharedThing hub = thing(ThingKind.TEMPLATE, 5000, 200, 700, false, true, 0.1);
        assertThat(weigher().weight(hub, NOW)).isLessThan(0.01);
    }

    @Test
    void weight_hubEvenWhenItsTrafficHarvests_dampedBelowARareThing() {
        SharedThing hub = thing(ThingKind.REQUEST_PREFIX, 50_000, 999, 0, false, false, 0.6);
        SharedThing rare = thing(ThingKind.REQUEST_PREFIX, 40, 999, 0, false, false, 0.6);
        ThingWeigher w = weigher();
        assertThat(w.weight(hub, NOW)).isLessThan(w.weight(rare, NOW) * 0.75);
    }

    @Test
    void weight_verifiedTeamSharingACard_weak() {
        SharedThing team = thing(ThingKind.PAYMENT, 30, 999, 0, true, false, 0.6);
        assertThat(weigher().weight(team, NOW)).isZero();
    }

    @Test
    void weight_groupThatDoesNotHarvest_zero() {
        SharedThing campus = thing(ThingKind.SIGNUP_PREFIX, 40, 999, 0, false, false, 0.1);
        assertThat(weigher().weight(campus, NOW)).isZero();
    }

    @Test
    void weight_singleHolder_noLink() {
        assertThat(weigher().weight(thing(ThingKind.PAYMENT, 1, 999, 0, false, false, 1), NOW)).isZero();
    }

    @Test
    void weight_contentThingForAnAccountThatRepeatsOneTemplate_zero() {
        SharedThing prompt = thing(ThingKind.SYSTEM_PROMPT, 40, 900, 0, false, true, 0.9);
        ThingWeigher w = weigher();
        var diverse = new ThingWeigher.Holder(10, 9, 0.9, 0.25, 5);
        var repeater = new ThingWeigher.Holder(10, 9, 0.9, 1.0, 5);
        var ordinary = new ThingWeigher.Holder(10, 1, 0.1, 0.25, 5);
        assertThat(w.weight(prompt, NOW, diverse)).isGreaterThan(0.5);
        assertThat(w.weight(prompt, NOW, repeater)).isZero();
        assertThat(w.weight(prompt, NOW, ordinary)).isZero();
    }

    @Test
    void behaviour_accountThatIsMostOfTheGroup_judgedOnTheOthers() {
        SharedThing t = thing(ThingKind.TEMPLATE, 3, 900, 0, false, false, 0.5);
        ThingWeigher w = weigher();
        assertThat(w.behaviour(t, NOW, 0, 0)).isGreaterThan(0.1);
        assertThat(w.behaviour(t, NOW, 600, 500)).isZero(); // the others: 0 harvesting of 400
    }

    @Test
    void weight_harvestingGroupsTemplate_linksOnlyAfterThreeHarvestingLikeExchangesOfTheHolder() {
        // a reseller customer's first two requests, both templated: shrunk share (2 + 0.5) / (2 + 5) = 0.36
        SharedThing template = thing(ThingKind.TEMPLATE, 40, 900, 0, false, false, 0.9);
        ThingWeigher w = weigher();
        assertThat(w.weight(template, NOW, new ThingWeigher.Holder(2, 2, 0.36, 0.5, 2))).isZero();
        assertThat(w.weight(template, NOW, new ThingWeigher.Holder(3, 3, 0.44, 0.34, 3))).isGreaterThan(0.5);
        // grouping flagged accounts into campaigns waits for no holder's exchanges (a stealth fleet shares only content)
        assertThat(w.weight(template, NOW)).isGreaterThan(0.5);
        // registry things keep the share gate alone: a harvesting card links a harvesting holder by its share
        SharedThing card = thing(ThingKind.PAYMENT, 40, 999, 0, false, false, 0.6);
        assertThat(w.weight(card, NOW, new ThingWeigher.Holder(2, 2, 0.36, 0.5, 2))).isGreaterThan(0.5);
    }

    /** {@code kinds} held by the same {@code n} accounts with the same traffic, a share {@code harvest} harvesting-like. */
    private static SharedThing[] oneGroup(int n, double harvest, ThingKind... kinds) {
        SharedThing[] things = new SharedThing[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            things[k] = new SharedThing(kinds[k], "v", NOW);
        }
        for (int i = 0; i < n; i++) {
            Object account = "a" + i;
            for (SharedThing t : things) {
                t.join(account, 999 * DAY, false, false, NOW);
            }
        }
        for (int i = 0; i < 1000; i++) {
            for (SharedThing t : things) {
                t.observe(i % n, i < harvest * 1000, NOW - 10 * DAY + i * (10 * DAY / 1000));
            }
        }
        return things;
    }

    @Test
    void score_oneGroupSeenThroughThreeThings_countsOnceAtItsStrongest() {
        // a reseller's accounts: one sign-up /24, one e-mail domain, one e-mail pattern, the same 40 accounts' traffic
        SharedThing[] reseller = oneGroup(40, 0.4, ThingKind.SIGNUP_PREFIX, ThingKind.EMAIL_DOMAIN, ThingKind.EMAIL_PATTERN);
        reseller[2].join("silent", 999 * DAY, false, false, NOW); // a holder that never sent an exchange adds no traffic
        ThingWeigher w = new ThingWeigher(new double[] {0.95, 0.9, 0.3, 0.25, 0.3, 0.7, 0.6, 0.6, 0.7}, 10, 14, 1000,
                0.2, 0.35, 12);
        var holder = new ThingWeigher.Holder(5, 3, 0.4, 0.3, 5);
        double strongest = Math.max(w.weight(reseller[0], NOW, holder), w.weight(reseller[2], NOW, holder));
        assertThat(strongest).isGreaterThan(0.25);
        assertThat(w.score(reseller, 3, NOW, holder)).isCloseTo(strongest, org.assertj.core.data.Offset.offset(1e-12));
        // two different groups are two pieces of evidence: noisy-OR
        SharedThing[] two = {reseller[0], oneGroup(30, 0.5, ThingKind.SIGNUP_PREFIX)[0]};
        double other = w.weight(two[1], NOW, holder);
        assertThat(w.score(two, 2, NOW, holder)).isCloseTo(1 - (1 - strongest) * (1 - other), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void score_accountWhosePayersOtherAccountsActOrdinarily_otherLinksDiscounted() {
        // a reseller's sign-up IP: forty accounts, 40% harvesting-like (its distilling accounts and its customers)
        SharedThing signupIp = thing(ThingKind.SIGNUP_IP, 40, 990, 2, false, false, 0.4);
        var holder = new ThingWeigher.Holder(5, 3, 0.4, 0.3, 5);
        ThingWeigher w = weigher();
        double ip = w.weight(signupIp, NOW, holder);
        assertThat(ip).isGreaterThan(0.5);
        // the card it shares with five accounts whose 1,000 exchanges are ordinary: one more of an ordinary payer's accounts
        SharedThing customersCard = thing(ThingKind.PAYMENT, 5, 990, 0, false, false, 0.05);
        double cleared = w.score(new SharedThing[] {signupIp, customersCard}, 2, NOW, holder);
        assertThat(cleared).isLessThan(ip);
        assertThat(cleared).isCloseTo(ip * (1 - ThingWeigher.PAYER_DISCOUNT), org.assertj.core.data.Offset.offset(1e-12));
        // a fleet's card (its holders harvest, or run machine volume) clears nobody
        SharedThing fleetCard = thing(ThingKind.PAYMENT, 5, 990, 0, false, false, 0.5);
        assertThat(w.score(new SharedThing[] {signupIp, fleetCard}, 2, NOW, holder)).isGreaterThan(ip);
        SharedThing agentCard = busy(ThingKind.PAYMENT, 8, 240, 4);
        assertThat(w.score(new SharedThing[] {signupIp, agentCard}, 2, NOW, holder)).isGreaterThanOrEqualTo(ip);
        // nor does a card whose other holders have sent too little to tell
        SharedThing newCard = busy(ThingKind.PAYMENT, 5, 20, 48);
        assertThat(w.score(new SharedThing[] {signupIp, newCard}, 2, NOW, holder)).isGreaterThanOrEqualTo(ip);
    }

    /** A template of {@code n} holders whose traffic is 30% harvesting-like (camouflaged), {@code flagged} of them flagged. */
    private static SharedThing fleetTemplate(int n, int flagged) {
        SharedThing t = thing(ThingKind.TEMPLATE, n, 990, 2, false, false, 0.3);
        for (int i = 0; i < flagged; i++) {
            t.holderFlagged();
        }
        return t;
    }

    @Test
    void weight_templateOfAFlaggedFleet_linksANewcomerByItsFirstHarvestingPrompts() {
        // three exchanges, all harvesting: shrunk to 0.44 with the usual prior, to 0.64 with the fleet's lighter one
        var newcomer = new ThingWeigher.Holder(3, 3, 0.44, 0.34, 3, 0.64);
        ThingWeigher w = weigher();
        assertThat(w.weight(fleetTemplate(40, 0), NOW, newcomer)).isZero();
        assertThat(w.weight(fleetTemplate(40, 20), NOW, newcomer)).isGreaterThan(0.5);
    }

    @Test
    void weight_templateOfAFlaggedFleet_notForOrdinaryUsersDevelopersNorAFewFlaggedHolders() {
        ThingWeigher w = weigher();
        var ordinary = new ThingWeigher.Holder(3, 0, 0.07, 0.34, 3, 0.04);
        assertThat(w.weight(fleetTemplate(40, 20), NOW, ordinary)).isZero();
        // a developer whose first requests are templated agent calls: two harvesting-like of three, or of five
        var developer = new ThingWeigher.Holder(3, 2, 0.31, 0.34, 3, 0.44);
        var developerLater = new ThingWeigher.Holder(5, 2, 0.25, 0.4, 5, 0.31);
        assertThat(w.weight(fleetTemplate(40, 20), NOW, developer)).isZero();
        assertThat(w.weight(fleetTemplate(40, 20), NOW, developerLater)).isZero();
        var newcomer = new ThingWeigher.Holder(3, 3, 0.44, 0.34, 3, 0.64);
        assertThat(w.weight(fleetTemplate(12, ThingWeigher.FLEET_MIN_FLAGGED - 1), NOW, newcomer)).isZero();
        // grouping accounts into campaigns does not follow a known fleet's things
        assertThat(w.weight(fleetTemplate(40, 20), NOW)).isZero();
    }

    /** A card of {@code n} day-old accounts sending ordinary traffic, in waves every 30 minutes or at independent times (48 a day each: no machine volume). */
    private static SharedThing cardTraffic(int n, boolean waves) {
        SharedThing t = new SharedThing(ThingKind.PAYMENT, "v", NOW);
        for (int i = 0; i < n; i++) {
            t.join("a" + i, NOW - 2 * DAY, false, false, NOW - 2 * DAY);
        }
        var rng = new java.util.SplittableRandom(7);
        long from = NOW - DAY;
        for (int k = 0; k < 48; k++) { // a day of 30-minute periods, one exchange per account each
            long[] at = new long[n];
            for (int i = 0; i < n; i++) {
                at[i] = (from + k * 1_800_000L + (waves ? rng.nextLong(45_000) : rng.nextLong(1_800_000))) * n + i;
            }
            java.util.Arrays.sort(at); // the low digits carry the holder through the sort
            for (long a : at) {
                t.observe((int) (a % n), false, a / n);
            }
        }
        return t;
    }

    @Test
    void weight_cardWhoseHoldersFireInLockstep_linksAHolderThatHarvestsItself() {
        ThingWeigher w = weigher();
        var harvesting = new ThingWeigher.Holder(48, 20, 0.4, 0.3, 48);
        var ordinary = new ThingWeigher.Holder(48, 2, 0.1, 0.3, 48);
        assertThat(w.weight(cardTraffic(12, true), NOW, harvesting)).isGreaterThan(0.5);
        assertThat(w.weight(cardTraffic(12, true), NOW, ordinary)).isZero();
        assertThat(w.weight(cardTraffic(12, false), NOW, harvesting)).isZero();
    }

    /** Whether a thing of {@code holders} accounts signed up within two days, five days ago, is fleet content. */
    private boolean fleet(ThingKind kind, int holders, boolean verified, boolean longStanding, double harvestShare) {
        return weigher().fleetContent(thing(kind, holders, NOW / DAY - 5, 2, verified, longStanding, harvestShare), 5, 2);
    }

    @Test
    void fleetContent_promptOfABurstOfNewHarvestingAccounts_onlyThat() {
        // forty accounts signed up within two days, none verified nor long-standing, 40% harvesting-like traffic
        assertThat(fleet(ThingKind.SYSTEM_PROMPT, 40, false, false, 0.4)).isTrue();
        assertThat(fleet(ThingKind.TEMPLATE, 40, false, false, 0.4)).isTrue();
        // the same prompt among long-standing or verified customers, or spread over a year of sign-ups: public
        assertThat(fleet(ThingKind.SYSTEM_PROMPT, 40, false, true, 0.4)).isFalse();
        assertThat(fleet(ThingKind.SYSTEM_PROMPT, 40, true, false, 0.4)).isFalse();
        long day = NOW / DAY - 5;
        SharedThing yearOfSignUps = new SharedThing(ThingKind.SYSTEM_PROMPT, "v", NOW);
        for (int i = 0; i < 40; i++) {
            yearOfSignUps.join("y" + i, (day - 9 * i) * DAY, false, false, NOW);
        }
        for (int i = 0; i < 1000; i++) {
            yearOfSignUps.observe(i % 40, i < 400, NOW - 10 * DAY + i * (10 * DAY / 1000));
        }
        assertThat(weigher().fleetContent(yearOfSignUps, 5, 2)).isFalse();
        // a class signing up together whose traffic does not harvest; a few accounts; a card (not content)
        assertThat(fleet(ThingKind.SYSTEM_PROMPT, 40, false, false, 0.1)).isFalse();
        assertThat(fleet(ThingKind.SYSTEM_PROMPT, 6, false, false, 0.4)).isFalse();
        assertThat(fleet(ThingKind.PAYMENT, 40, false, false, 0.4)).isFalse();
    }

    @Test
    void defaults_validConfig_buildsWithEveryKindWeighted() {
        assertThat(DetectionConfig.defaults().kindWeights()).hasSize(ThingKind.values().length);
    }
}
