package io.stillwatch.model.codec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the {@code igzip} executable (Intel ISA-L, Debian package {@code isal}) is, for the code that
 * runs it instead of the JDK's zlib: reading gzip logs ({@link ExternalInflate}) and compressing the
 * gateway's rotated exchange logs. One switch turns both off.
 */
public final class Igzip {
    /** Set to {@code false} to use the JDK's zlib even where igzip is installed. */
    public static final String PROPERTY = "stillwatch.igzip";

    private Igzip() {
    }

    /** The igzip executable on the {@code PATH}, unless {@value #PROPERTY} is {@code false}. */
    public static Optional<Path> locate() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return Optional.empty();
        }
        return onPath("igzip");
    }

    /** The executable called {@code name} in the first directory of the {@code PATH} that has one. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** What an igzip process said on its standard error (its first 2,000 bytes), on one line. */
    public static String said(Process igzip) throws IOException {
        try (InputStream err = igzip.getErrorStream()) {
            String said = new String(err.readNBytes(2_000), StandardCharsets.UTF_8);
            return said.replace("(null)", "").replaceAll("\\s+", " ").trim(); // igzip names stdin "(null)"
        }
    }
}
