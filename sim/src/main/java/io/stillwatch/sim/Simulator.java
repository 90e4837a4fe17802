package io.stillwatch.sim;

import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs a scenario and writes DIR/accounts.jsonl, DIR/exchanges.jsonl.gz and DIR/truth.json.
 *
 * <p>Discrete-event simulation: a priority queue holds every account by the arrival time of its next
 * request, so requests are generated in arrival order with memory bounded by the number of accounts.
 * Lines are written in completion order (arrival + latency), as a gateway logs them: a second queue
 * holds generated lines until the simulation clock passes their completion time, which yields
 * exactly the disorder the contract allows (at most the longest latency, under three minutes).
 * Every random choice comes from per-account streams seeded from the scenario seed, and output order
 * never depends on hash iteration, so the same scenario, seed and scale give the same bytes.
 */
public final class Simulator {

    /** Progress callback, called every few thousand exchanges with the simulated time. */
    public interface Listener {
        void progress(long exchanges, Instant simulatedTime);
    }

    /**
     * What a run wrote, and the CPU time of generation (one thread) and compression (all compressor
     * threads together), which gives the throughput two dedicated cores would reach even when the
     * machine is shared.
     */
    public record Result(long accounts, long exchanges, long uncompressedBytes, Map<String, Long> exchangesByPopulation,
            long generationCpuNanos, long compressionCpuNanos) {

        /**
         * Exchanges per second two dedicated cores allow: generation runs on one thread, compression
         * on any core, so the bound is the generation thread alone or both loads shared by two cores.
         */
        public double cpuBoundRate() {
            double generationBound = generationCpuNanos <= 0 ? 0 : exchanges * 1e9 / generationCpuNanos;
            long total = generationCpuNanos + compressionCpuNanos;
            double sharedBound = total <= 0 ? 0 : 2 * exchanges * 1e9 / total;
            return Math.min(generationBound, sharedBound);
        }
    }

    private final Scenario scenario;
    private final long seed;
    private final double scale;
    private final int gzipLevel;

    public Simulator(Scenario scenario, long seed, double scale, int gzipLevel) {
        if (!(scale > 0) || scale > 100) {
            throw new IllegalArgumentException("scale: " + scale + " (expected: > 0 and <= 100)");
        }
        if (gzipLevel < 1 || gzipLevel > 9) {
            throw new IllegalArgumentException("gzip level: " + gzipLevel + " (expected: 1 to 9)");
        }
        this.scenario = scenario;
        this.seed = seed;
        this.scale = scale;
        this.gzipLevel = gzipLevel;
    }

    public Result run(Path dir, Listener listener) throws IOException {
        Files.createDirectories(dir);
        Cast cast = new Cast(scenario, seed, scale);
        // the registry and the truth depend on the cast only: written meanwhile on a third thread
        FutureTask<Void> sideFiles = new FutureTask<>(() -> {
            writeAccounts(cast, dir.resolve("accounts.jsonl"));
            TruthFile.write(truth(cast), dir.resolve("truth.json"));
            return null;
        });
        Thread side = new Thread(sideFiles, "sim-registry-truth");
        side.setDaemon(true);
        side.start();
        Map<String, Long> byPopulation = new TreeMap<>();
        long[] counts = new long[cast.actors.size()];
        long exchanges;
        long bytes;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long genCpu;
        ParallelGzipOutputStream gzip;
        // generation keeps one core busy and compression needs about one and a half more: four
        // compressors are plenty, and bound the chunks in flight on a big machine
        int compressors = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));
        try (ParallelGzipOutputStream out = new ParallelGzipOutputStream(
                Files.newOutputStream(dir.resolve("exchanges.jsonl.gz")), gzipLevel, compressors, 2 * compressors + 2)) {
            gzip = out;
            exchanges = simulate(cast, out, counts, listener);
            bytes = out.written();
            genCpu = threads.getCurrentThreadCpuTime() - cpu0;
        }
        for (Actor a : cast.actors) {
            byPopulation.merge(a.member.population(), counts[a.index], Long::sum);
        }
        awaitSideFiles(sideFiles);
        return new Result(cast.actors.size(), exchanges, bytes, byPopulation, genCpu, gzip.compressorCpuNanos());
    }

    private static void awaitSideFiles(FutureTask<Void> sideFiles) throws IOException {
        try {
            sideFiles.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing accounts.jsonl and truth.json");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("writing accounts.jsonl and truth.json failed", e.getCause());
        }
    }

    private long simulate(Cast cast, OutputStream out, long[] counts, Listener listener) throws IOException {
        long end = scenario.end().toEpochMilli();
        EventHeap due = new EventHeap();
        for (Actor a : cast.actors) {
            a.start();
            if (a.next < end) {
                due.add(a.next, a.index, a.index);
            }
        }
        InFlight inFlight = new InFlight();
        ExchangeEncoder encoder = new ExchangeEncoder();
        Call call = new Call();
        long idBase = Ids.mix(seed ^ 0x6578636867L);
        long seq = 0;
        while (!due.isEmpty()) {
            Actor a = cast.actors.get((int) due.poll());
            long now = a.next;
            inFlight.releaseUntil(now, out);
            a.emit(call);
            JsonBytes arena = inFlight.arena();
            int from = arena.length();
            encoder.encode(arena, Ids.mix(idBase + seq), call);
            inFlight.add(call.ts + call.latencyMs, seq, from);
            counts[a.index]++;
            seq++;
            if ((seq & 16383) == 0 && listener != null) {
                listener.progress(seq, Instant.ofEpochMilli(now));
            }
            if (a.next < end) {
                due.add(a.next, a.index, a.index);
            }
        }
        inFlight.releaseAll(out);
        return seq;
    }

    private static void writeAccounts(Cast cast, Path path) throws IOException {
        List<AccountRecord> accounts = new ArrayList<>();
        for (Actor a : cast.actors) {
            accounts.add(a.account);
        }
        accounts.sort(Comparator.comparing(AccountRecord::created).thenComparing(AccountRecord::account));
        try (JsonLinesWriter<AccountRecord> w = ContractFiles.writeAccounts(path)) {
            for (AccountRecord r : accounts) {
                w.write(r);
            }
        }
    }

    private Truth truth(Cast cast) {
        Map<PopulationKind, Long> perKind = new EnumMap<>(PopulationKind.class);
        Map<String, Long> perCampaign = new TreeMap<>();
        List<Truth.Account> accounts = new ArrayList<>();
        for (Actor a : cast.actors) {
            PopulationKind kind = PopulationKind.fromWire(a.member.population());
            perKind.merge(kind, 1L, Long::sum);
            if (a.member.campaign() != null) {
                perCampaign.merge(a.member.campaign(), 1L, Long::sum);
            }
            accounts.add(new Truth.Account(a.account.account(), kind.attack() ? "attack" : "benign", a.member.campaign(),
                    kind.wire()));
        }
        accounts.sort(Comparator.comparing(Truth.Account::account));
        List<Truth.Population> pops = new ArrayList<>();
        perKind.forEach((k, n) -> pops.add(new Truth.Population(k.wire(), k.attack() ? "attack" : "benign", k.hardNegative(),
                k.description(), n)));
        List<Truth.Campaign> camps = new ArrayList<>();
        for (Cast.CampaignInfo c : cast.campaigns) {
            camps.add(new Truth.Campaign(c.id(), c.kind().wire(), perCampaign.getOrDefault(c.id(), 0L)));
        }
        List<Truth.Model> models = new ArrayList<>();
        for (Models.Model m : Models.catalogue(scenario.release())) {
            models.add(new Truth.Model(m.name(), m.released()));
        }
        return new Truth(scenario.name(), seed, scale, scenario.start(), scenario.end(), models, pops, camps, accounts);
    }
}
