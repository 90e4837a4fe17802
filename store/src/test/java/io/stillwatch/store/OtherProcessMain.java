package io.stillwatch.store;

import java.nio.file.Path;
import java.time.Duration;

/** Run by {@link TwoProcessTest} in a separate JVM: {@code revoke|rotate DIR KEYID} or {@code hold DIR}. */
public final class OtherProcessMain {
    private OtherProcessMain() {
    }

    public static void main(String[] args) {
        try (Store s = EmbeddedStore.open(Path.of(args[1]))) {
            switch (args[0]) {
                case "revoke" -> s.revokeKey(args[2]);
                case "rotate" -> s.rotateKey(args[2], Duration.ZERO);
                case "hold" -> { // own the database file until standard input ends
                    s.accountCount();
                    System.out.println("ready");
                    System.out.flush();
                    try {
                        while (System.in.read() >= 0) {
                            // wait
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
        System.out.println("done");
    }
}
