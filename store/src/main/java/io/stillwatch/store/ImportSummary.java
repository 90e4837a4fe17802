package io.stillwatch.store;

/**
 * Outcome of an account import: {@code records} read and stored, of which {@code added} were new
 * account ids and the rest replaced an existing account (possibly with identical values).
 */
public record ImportSummary(long records, long added) {
    public ImportSummary {
        if (records < 0 || added < 0 || added > records) {
            throw new IllegalArgumentException("records: " + records + ", added: " + added
                    + " (expected: 0 <= added <= records)");
        }
    }

    public long replaced() {
        return records - added;
    }
}
