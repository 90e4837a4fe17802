package io.stillwatch.detect;

import java.time.Instant;
import java.util.List;

/**
 * An account crossed the line: emitted once per account, at the event time of the exchange that made
 * it cross, with the reasons a person can act on.
 */
public record FlagEvent(String account, Instant at, double score, List<String> reasons) {
    public FlagEvent {
        reasons = List.copyOf(reasons);
    }
}
