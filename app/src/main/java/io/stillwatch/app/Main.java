package io.stillwatch.app;

import picocli.CommandLine;

/** Entry point of the {@code stillwatch} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; tests call this directly. */
    public static int run(String... args) {
        return StillwatchCommand.commandLine().execute(args);
    }
}
