package io.stillwatch.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stillwatch.model.codec.Igzip;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatedGzipTest {
    @TempDir
    Path dir;

    @Test
    void igzipRunsAtTheLowestPriorityAndStillWritesTheWholeFile() throws Exception {
        assumeTrue(Igzip.locate().isPresent(), "igzip is not installed (Debian package isal)");
        assumeTrue(Igzip.onPath("nice").isPresent(), "no nice(1) on the PATH");
        Path target = dir.resolve("x.jsonl.gz");
        byte[] line = "{\"v\":1}\n".getBytes(StandardCharsets.UTF_8);

        List<ProcessHandle> before = ProcessHandle.current().children().toList();
        int nice;
        try (RotatedGzip out = RotatedGzip.open(target)) {
            out.write(line); // igzip now waits for the rest of its input: alive, its priority readable
            // the one child started since: the JDK's spawn helper, then nice, then igzip (each exec'ing
            // the next in the same process); its priority is final once it is igzip
            List<ProcessHandle> started = ProcessHandle.current().children().filter(p -> !before.contains(p)).toList();
            assertThat(started).hasSize(1);
            ProcessHandle igzip = started.get(0);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!igzip.info().command().map(c -> c.endsWith("igzip")).orElse(false)) {
                assertThat(System.nanoTime()).as("igzip started within 10 s").isLessThan(deadline);
                Thread.onSpinWait();
            }
            // /proc/PID/stat: "pid (comm) state ..." and nice is the 19th field, the 17th after the comm
            String stat = Files.readString(Path.of("/proc", Long.toString(igzip.pid()), "stat"));
            nice = Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
            out.write(line);
        }

        assertThat(nice).isEqualTo(19);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(target))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":1}\n{\"v\":1}\n");
        }
    }
}
