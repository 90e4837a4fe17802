package io.stillwatch.model;

import java.util.Locale;

/** Identity verification level of an account (contract §2, field {@code kyc}). */
public enum Kyc {
    NONE, BASIC, VERIFIED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kyc fromWire(String value) {
        for (Kyc k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kyc '" + value + "' (expected one of none, basic, verified)");
    }
}
