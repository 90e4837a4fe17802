package io.stillwatch.sim.eval;

import java.io.IOException;

/** The (account, time) of every exchange of a log, in file order. */
@FunctionalInterface
public interface ExchangeSource {

    void forEach(Sink sink) throws IOException;

    @FunctionalInterface
    interface Sink {
        void accept(String account, long tsMillis);
    }
}
