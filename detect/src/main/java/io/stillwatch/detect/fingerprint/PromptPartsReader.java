package io.stillwatch.detect.fingerprint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwatch.model.codec.JsonScanner;
import io.stillwatch.model.codec.RequestReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a request body's {@link PromptParts} straight off the parser, in one pass over its tokens,
 * without building a tree: what is not read (descriptions, parameters' types, sampling settings, ...) is
 * skipped. The result equals {@link PromptParts#of} on the same body, including its tree semantics: a
 * repeated key counts by its last value, a message's {@code role} may come after its {@code content}, a
 * non-string {@code text} reads as the tree's {@code asText()}.
 *
 * <p>Not thread-safe: it reuses its text buffers; one instance per reading thread.
 */
public final class PromptPartsReader implements RequestReader<PromptParts> {
    private static final ObjectMapper TREE = new ObjectMapper();
    static final Tool NOT_AN_OBJECT = new Tool();

    private final PromptPartsScanner scanner = new PromptPartsScanner();
    private final PromptTally tally = new PromptTally();
    private final StringBuilder content = new StringBuilder();
    private boolean partImages;
    private boolean partTools;

    @Override
    public PromptParts read(JsonParser p) throws IOException {
        tally.start();
        long tools = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "system" -> {
                    tally.system.setLength(0);
                    readContent(p, tally.system);
                }
                case "messages" -> {
                    tally.resetMessages();
                    readMessages(p);
                }
                case "tools" -> tools = readTools(p);
                default -> p.skipChildren();
            }
        }
        return tally.parts(tools);
    }

    /** The same parts read by {@link PromptPartsScanner} off the line's bytes, or declined. */
    @Override
    public PromptParts read(JsonScanner in) {
        return scanner.read(in);
    }

    private void readMessages(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.START_OBJECT) {
                    readMessage(p);
                } else {
                    p.skipChildren();
                }
            }
        } else if (t == JsonToken.START_OBJECT) {
            // an object's values iterate as the messages of a tree; odd enough to read the tree's way
            for (JsonNode m : (JsonNode) TREE.readTree(p)) {
                if (m.isObject()) {
                    try (JsonParser sub = m.traverse(TREE)) {
                        sub.nextToken();
                        readMessage(sub);
                    }
                }
            }
        }
    }

    private void readMessage(JsonParser p) throws IOException {
        String role = "";
        boolean toolCalls = false;
        boolean contentImages = false;
        boolean contentTools = false;
        content.setLength(0);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "role" -> {
                    role = t == JsonToken.VALUE_STRING ? p.getText() : "";
                    p.skipChildren();
                }
                case "content" -> {
                    content.setLength(0);
                    partImages = false;
                    partTools = false;
                    readContent(p, content);
                    contentImages = partImages;
                    contentTools = partTools;
                }
                case "tool_calls" -> {
                    toolCalls = true;
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        tally.message(role, content, contentImages, contentTools, toolCalls);
    }

    /** As {@link PromptParts#appendText}; notes image and tool parts in {@code partImages}/{@code partTools}. */
    private void readContent(JsonParser p, StringBuilder out) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            out.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()).append('\n');
        } else if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_STRING) {
                    out.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()).append('\n');
                } else if (t == JsonToken.START_OBJECT) {
                    readPart(p, out);
                } else {
                    p.skipChildren();
                }
            }
        } else {
            p.skipChildren();
        }
    }

    private void readPart(JsonParser p, StringBuilder out) throws IOException {
        String type = "";
        String text = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "type" -> {
                    type = t == JsonToken.VALUE_STRING ? p.getText() : "";
                    p.skipChildren();
                }
                case "text" -> text = asText(p);
                default -> p.skipChildren();
            }
        }
        if (text != null) {
            out.append(text).append('\n');
        }
        if (type.startsWith("image")) {
            partImages = true;
        } else if (type.startsWith("tool")) {
            partTools = true;
        }
    }

    /** The tree's {@code asText()} of the current value: containers read as "", null as "null". */
    private static String asText(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return "null";
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return "";
        }
        return ((JsonNode) TREE.readTree(p)).asText(); // numbers and booleans print as their tree nodes do
    }

    private long readTools(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return 0;
        }
        List<String> sigs = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            Tool tool;
            if (t == JsonToken.START_OBJECT) {
                tool = readTool(p);
            } else {
                p.skipChildren();
                tool = NOT_AN_OBJECT;
            }
            Tool fn = tool.function != null ? tool.function : tool;
            List<String> params = fn.parameters != null ? fn.parameters : fn.inputSchema;
            sigs.add(PromptParts.signature(fn.name, distinct(params)));
        }
        return sigs.isEmpty() ? 0 : PromptParts.toolsHash(sigs);
    }

    /** A tool or its {@code function} object: the fields the tools hash reads, each by its last value. */
    static final class Tool {
        String name = "";
        List<String> parameters;
        List<String> inputSchema = new ArrayList<>();
        Tool function;
    }

    private Tool readTool(JsonParser p) throws IOException {
        Tool tool = new Tool();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "name" -> tool.name = nameText(p);
                case "parameters" -> tool.parameters = readPropertyNames(p);
                case "input_schema" -> tool.inputSchema = readPropertyNames(p);
                case "function" -> {
                    if (t == JsonToken.START_OBJECT) {
                        tool.function = readTool(p);
                    } else {
                        p.skipChildren();
                        tool.function = NOT_AN_OBJECT;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return tool;
    }

    /** The tree's {@code asText("")}: as {@link #asText} but null reads as "". */
    private static String nameText(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? "" : asText(p);
    }

    /** Names of a schema's {@code properties}; empty when the schema or its properties is not an object. */
    private static List<String> readPropertyNames(JsonParser p) throws IOException {
        List<String> names = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return names;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("properties")) {
                names = new ArrayList<>();
                if (t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        names.add(p.currentName());
                        p.nextToken();
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        return names;
    }

    /** A tree object holds each key once: drop repeated names, as its field names would. */
    static List<String> distinct(List<String> names) {
        if (names.size() < 2) {
            return new ArrayList<>(names);
        }
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        List<String> out = new ArrayList<>(sorted.size());
        for (String n : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(n)) {
                out.add(n);
            }
        }
        return out;
    }
}
