package io.stillwatch.sim;

import java.util.SplittableRandom;

/** E-mail addresses, payment fingerprints, countries and time zones of simulated people. */
final class Identities {
    static final String[] FIRST = {"alex", "maria", "wei", "aisha", "lukas", "sofia", "kenji", "priya", "omar", "emma",
        "diego", "hana", "noah", "fatima", "ivan", "chloe", "sam", "lena", "yuki", "pedro", "nina", "arjun", "mei",
        "jonas", "sara", "tom", "ana", "li", "marco", "zoe", "ben", "elif", "raj", "julia", "minh", "olga"};
    static final String[] LAST = {"smith", "garcia", "chen", "khan", "muller", "rossi", "tanaka", "patel", "silva",
        "kim", "nguyen", "novak", "jones", "lopez", "wang", "ivanova", "brown", "santos", "schmidt", "ali", "sato"};
    /** Common webmail domains with their rough popularity (weights). */
    static final String[] WEBMAIL = {"gmail.com", "gmail.com", "gmail.com", "gmail.com", "outlook.com", "outlook.com",
        "hotmail.com", "yahoo.com", "icloud.com", "proton.me", "qq.com", "163.com", "gmx.de", "web.de", "yandex.ru"};

    /** Country with its UTC offset in whole hours, roughly weighted by API usage. */
    record Place(String country, int tz) {
    }

    static final Place[] PLACES = {new Place("US", -5), new Place("US", -8), new Place("US", -6), new Place("US", -5),
        new Place("GB", 0), new Place("DE", 1), new Place("FR", 1), new Place("IN", 5), new Place("BR", -3),
        new Place("CA", -5), new Place("JP", 9), new Place("KR", 9), new Place("ES", 1), new Place("NL", 1),
        new Place("AU", 10), new Place("SG", 8), new Place("PL", 1), new Place("MX", -6), new Place("TR", 3),
        new Place("NG", 1), new Place("ID", 7), new Place("VN", 7), new Place("SE", 1), new Place("IT", 1)};

    private Identities() {
    }

    static Place place(SplittableRandom rng) {
        return PLACES[rng.nextInt(PLACES.length)];
    }

    static String personalEmail(SplittableRandom rng) {
        String first = FIRST[rng.nextInt(FIRST.length)];
        String last = LAST[rng.nextInt(LAST.length)];
        String local = switch (rng.nextInt(5)) {
            case 0 -> first + "." + last;
            case 1 -> first + last + (rng.nextInt(90) + 10);
            case 2 -> first.charAt(0) + last;
            case 3 -> first + "_" + last + rng.nextInt(1000);
            default -> last + "." + first + (1960 + rng.nextInt(50));
        };
        return local + "@" + WEBMAIL[rng.nextInt(WEBMAIL.length)];
    }

    static String workEmail(SplittableRandom rng, String domain) {
        return FIRST[rng.nextInt(FIRST.length)] + "." + LAST[rng.nextInt(LAST.length)] + "@" + domain;
    }

    /** An opaque payment fingerprint as a processor would report it; {@code instrument} identifies the card. */
    static String payment(long instrument) {
        return Ids.hex("pm_", Ids.mix(instrument ^ 0x5eedcafeL), 16);
    }
}
