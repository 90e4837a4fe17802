package io.stillwatch.sim;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwatch.model.codec.Rfc3339;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes truth.json (format: docs/scenarios.md, "truth.json"). */
public final class TruthFile {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TruthFile() {
    }

    public static void write(Truth t, Path path) throws IOException {
        try (OutputStream out = Files.newOutputStream(path);
                JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("v", Truth.VERSION);
            g.writeStringField("scenario", t.scenario());
            g.writeNumberField("seed", t.seed());
            g.writeNumberField("scale", t.scale());
            g.writeStringField("start", Rfc3339.format(t.start()));
            g.writeStringField("end", Rfc3339.format(t.end()));
            g.writeRaw('\n');
            g.writeArrayFieldStart("models");
            for (Truth.Model m : t.models()) {
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeStringField("released", Rfc3339.format(m.released()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
            g.writeArrayFieldStart("populations");
            for (Truth.Population p : t.populations()) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("kind", p.kind());
                g.writeStringField("label", p.label());
                g.writeBooleanField("hard_negative", p.hardNegative());
                g.writeStringField("description", p.description());
                g.writeNumberField("accounts", p.accounts());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
            g.writeArrayFieldStart("campaigns");
            for (Truth.Campaign c : t.campaigns()) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeStringField("kind", c.kind());
                g.writeNumberField("accounts", c.accounts());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
            g.writeArrayFieldStart("accounts");
            for (Truth.Account a : t.accounts()) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("account", a.account());
                g.writeStringField("label", a.label());
                if (a.campaign() == null) {
                    g.writeNullField("campaign");
                } else {
                    g.writeStringField("campaign", a.campaign());
                }
                g.writeStringField("population", a.population());
                g.writeEndObject();
            }
            g.writeRaw('\n');
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** Reads truth.json; a file that is not one fails with the path and what is wrong. */
    public static Truth read(Path path) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(path)) {
            root = MAPPER.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(path + ": bad JSON: " + e.getOriginalMessage(), e);
        }
        try {
            if (root == null || !root.isObject() || !root.has("accounts")) {
                throw new IllegalArgumentException("no 'accounts' array");
            }
            List<Truth.Model> models = new ArrayList<>();
            for (JsonNode m : root.path("models")) {
                models.add(new Truth.Model(text(m, "name"), Rfc3339.parse(text(m, "released"))));
            }
            List<Truth.Population> pops = new ArrayList<>();
            for (JsonNode p : root.path("populations")) {
                pops.add(new Truth.Population(text(p, "kind"), text(p, "label"), p.path("hard_negative").asBoolean(),
                        p.path("description").asText(""), p.path("accounts").asLong()));
            }
            List<Truth.Campaign> camps = new ArrayList<>();
            for (JsonNode c : root.path("campaigns")) {
                camps.add(new Truth.Campaign(text(c, "id"), text(c, "kind"), c.path("accounts").asLong()));
            }
            List<Truth.Account> accounts = new ArrayList<>();
            for (JsonNode a : root.get("accounts")) {
                String label = text(a, "label");
                if (!label.equals("benign") && !label.equals("attack")) {
                    throw new IllegalArgumentException("account " + a.path("account").asText() + ": label '" + label
                            + "' (expected benign or attack)");
                }
                JsonNode camp = a.get("campaign");
                accounts.add(new Truth.Account(text(a, "account"), label,
                        camp == null || camp.isNull() ? null : camp.asText(), a.path("population").asText("unknown")));
            }
            return new Truth(root.path("scenario").asText("unknown"), root.path("seed").asLong(),
                    root.path("scale").asDouble(1.0), time(root, "start"), time(root, "end"), models, pops, camps, accounts);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": not a truth file: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a string");
        }
        return v.asText();
    }

    private static Instant time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : Rfc3339.parse(v.asText());
    }
}
