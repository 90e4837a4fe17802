package io.stillwatch.store;

/** The database could not do what was asked. Messages name the operation, never a secret. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
