package io.stillwatch.model.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.DetectionReport.Campaign;
import io.stillwatch.model.DetectionReport.Evidence;
import io.stillwatch.model.DetectionReport.Flag;
import io.stillwatch.model.DetectionReport.Input;
import io.stillwatch.model.codec.LineCodec.ContractViolation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the detection report, contract §3: one JSON object, streamed both ways so a
 * report of tens of thousands of flags needs no intermediate tree.
 */
public final class DetectionReportCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private DetectionReportCodec() {
    }

    public static void write(DetectionReport report, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(path)) {
            write(report, out);
        }
    }

    /** Writes pretty-printed JSON; does not close {@code out}. */
    public static void write(DetectionReport report, OutputStream out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("v", report.v());
        g.writeObjectFieldStart("input");
        g.writeNumberField("exchanges", report.input().exchanges());
        g.writeNumberField("accounts", report.input().accounts());
        g.writeEndObject();
        g.writeArrayFieldStart("flags");
        for (Flag f : report.flags()) {
            g.writeStartObject();
            g.writeStringField("account", f.account());
            g.writeStringField("at", Rfc3339.format(f.at()));
            if (f.campaign() == null) {
                g.writeNullField("campaign");
            } else {
                g.writeStringField("campaign", f.campaign());
            }
            g.writeNumberField("score", f.score());
            writeStrings(g, "reasons", f.reasons());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("campaigns");
        for (Campaign c : report.campaigns()) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            writeStrings(g, "accounts", c.accounts());
            writeTime(g, "first_seen", c.firstSeen());
            writeTime(g, "flagged_at", c.flaggedAt());
            g.writeNumberField("exchanges", c.exchanges());
            writeStrings(g, "focus", c.focus());
            g.writeArrayFieldStart("evidence");
            for (Evidence e : c.evidence()) {
                g.writeStartObject();
                g.writeStringField("kind", e.kind());
                g.writeStringField("value", e.value());
                g.writeNumberField("accounts", e.accounts());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    private static void writeTime(JsonGenerator g, String name, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, Rfc3339.format(t));
        }
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** Reads a report; a report that breaks the contract fails with the file and what is wrong. */
    public static DetectionReport read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        }
    }

    public static DetectionReport read(InputStream in, String source) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            return readReport(p);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": bad JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        } catch (ContractViolation e) {
            throw new IOException(source + ": not a detection report: " + e.getMessage(), e);
        }
    }

    private static DetectionReport readReport(JsonParser p) throws IOException {
        Fields.expectObject(p, "report");
        Integer v = null;
        Input input = null;
        List<Flag> flags = null;
        List<Campaign> campaigns = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "v" -> v = Fields.int32(p, name);
                case "input" -> input = readInput(p);
                case "flags" -> flags = readArray(p, name, DetectionReportCodec::readFlag);
                case "campaigns" -> campaigns = readArray(p, name, DetectionReportCodec::readCampaign);
                default -> p.skipChildren();
            }
        }
        Fields.required(v, "v");
        if (v != DetectionReport.VERSION) {
            throw new ContractViolation("field 'v': " + v + " (expected " + DetectionReport.VERSION + ")");
        }
        return new DetectionReport(v, Fields.required(input, "input"), Fields.required(flags, "flags"),
                campaigns == null ? List.of() : campaigns);
    }

    private static Input readInput(JsonParser p) throws IOException {
        Fields.expectObject(p, "input");
        Long exchanges = null, accounts = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "exchanges" -> exchanges = Fields.integer(p, "input.exchanges");
                case "accounts" -> accounts = Fields.integer(p, "input.accounts");
                default -> p.skipChildren();
            }
        }
        return new Input(Fields.required(exchanges, "input.exchanges"), Fields.required(accounts, "input.accounts"));
    }

    private static Flag readFlag(JsonParser p) throws IOException {
        Fields.expectObject(p, "flag");
        String account = null, campaign = null;
        Instant at = null;
        Double score = null;
        List<String> reasons = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "account" -> account = Fields.string(p, "flags[].account");
                case "at" -> at = Fields.time(p, "flags[].at");
                case "campaign" -> campaign = Fields.string(p, "flags[].campaign");
                case "score" -> score = Fields.number(p, "flags[].score");
                case "reasons" -> reasons = Fields.strings(p, "flags[].reasons");
                default -> p.skipChildren();
            }
        }
        return new Flag(Fields.required(account, "flags[].account"), Fields.required(at, "flags[].at"), campaign,
                score == null ? 1.0 : score, reasons);
    }

    private static Campaign readCampaign(JsonParser p) throws IOException {
        Fields.expectObject(p, "campaign");
        String id = null;
        List<String> accounts = null, focus = null;
        Instant firstSeen = null, flaggedAt = null;
        Long exchanges = null;
        List<Evidence> evidence = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> id = Fields.string(p, "campaigns[].id");
                case "accounts" -> accounts = Fields.strings(p, "campaigns[].accounts");
                case "first_seen" -> firstSeen = Fields.time(p, "campaigns[].first_seen");
                case "flagged_at" -> flaggedAt = Fields.time(p, "campaigns[].flagged_at");
                case "exchanges" -> exchanges = Fields.integer(p, "campaigns[].exchanges");
                case "focus" -> focus = Fields.strings(p, "campaigns[].focus");
                case "evidence" -> evidence = readArray(p, "campaigns[].evidence", DetectionReportCodec::readEvidence);
                default -> p.skipChildren();
            }
        }
        return new Campaign(Fields.required(id, "campaigns[].id"), Fields.required(accounts, "campaigns[].accounts"),
                firstSeen, flaggedAt, exchanges == null ? 0 : exchanges, focus, evidence);
    }

    private static Evidence readEvidence(JsonParser p) throws IOException {
        Fields.expectObject(p, "evidence");
        String kind = null, value = null;
        Long accounts = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "kind" -> kind = Fields.string(p, "evidence[].kind");
                case "value" -> value = Fields.string(p, "evidence[].value");
                case "accounts" -> accounts = Fields.integer(p, "evidence[].accounts");
                default -> p.skipChildren();
            }
        }
        return new Evidence(Fields.required(kind, "evidence[].kind"), value, accounts == null ? 0 : accounts);
    }

    private interface ElementReader<T> {
        T read(JsonParser p) throws IOException;
    }

    private static <T> List<T> readArray(JsonParser p, String field, ElementReader<T> element) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new ContractViolation("field '" + field + "': expected an array, got " + Fields.describe(p.currentToken()));
        }
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(element.read(p));
        }
        return out;
    }
}
