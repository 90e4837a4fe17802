package io.stillwatch.app;

import io.stillwatch.model.codec.MalformedLineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns a failure inside a command into one clear line on standard error and an exit code, never
 * a stack trace (set STILLWATCH_DEBUG=1 to get one).
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    static final int INPUT_ERROR = 65;   // EX_DATAERR
    static final int IO_ERROR = 74;      // EX_IOERR
    static final int SOFTWARE = 70;      // EX_SOFTWARE

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        var err = cl.getErr();
        int code;
        if (e instanceof MalformedLineException m) {
            err.println("stillwatch: malformed input: " + m.getMessage());
            err.println("  (use --skip-malformed to skip and count such lines)");
            code = INPUT_ERROR;
        } else if (e instanceof NoSuchFileException n) {
            err.println("stillwatch: no such file: " + n.getFile());
            code = IO_ERROR;
        } else if (e instanceof IOException || e instanceof io.stillwatch.store.StoreException) {
            err.println("stillwatch: " + e.getMessage());
            code = IO_ERROR;
        } else if (e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException) {
            err.println("stillwatch: " + e.getMessage());
            code = CommandLine.ExitCode.USAGE;
        } else {
            err.println("stillwatch: internal error: " + e);
            code = SOFTWARE;
        }
        if (System.getenv("STILLWATCH_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return code;
    }
}
