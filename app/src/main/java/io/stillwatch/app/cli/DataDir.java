package io.stillwatch.app.cli;

import io.stillwatch.store.EmbeddedStore;
import io.stillwatch.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option shared by the commands that use the store. */
public final class DataDir {
    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Data directory: the embedded database and its key files (created if absent). "
                    + "A running gateway may use it at the same time.")
    Path dir;

    Store open() {
        return EmbeddedStore.open(dir);
    }
}
