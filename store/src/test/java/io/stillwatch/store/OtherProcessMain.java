package io.stillwatch.store;

import java.nio.file.Path;
import java.time.Duration;

/** Run by {@link TwoProcessTest} in a separate JVM: {@code revoke DIR KEYID} or {@code rotate DIR KEYID}. */
public final class OtherProcessMain {
    private OtherProcessMain() {
    }

    public static void main(String[] args) {
        try (Store s = EmbeddedStore.open(Path.of(args[1]))) {
            switch (args[0]) {
                case "revoke" -> s.revokeKey(args[2]);
                case "rotate" -> s.rotateKey(args[2], Duration.ZERO);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
        System.out.println("done");
    }
}
