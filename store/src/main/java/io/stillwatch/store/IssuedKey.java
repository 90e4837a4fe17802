package io.stillwatch.store;

import io.stillwatch.access.keys.Secret;
import java.util.Objects;

/** A key just created or rotated, with its secret: show {@code secret.reveal()} once, then drop it. */
public record IssuedKey(ApiKeyInfo key, Secret secret) {
    public IssuedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }
}
